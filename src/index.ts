/**
 * The package's programmatic entry (`import { startCanopy } from 'canopy-rd'`): an emulator in the
 * test process, as mongodb-memory-server or testcontainers give one. Kept small on purpose: the
 * server is `createCanopy`, the helpers are the documented admin API.
 */
import { loadConfig } from './config/config.js';
import { createCanopy } from './main.js';
import { AdminClient, type AdminAnswers } from './embedded/admin-client.js';

export { CanopyAdminError } from './embedded/admin-client.js';
export type { CanopyAccount, CanopyAccessKey, CanopyClock, CanopyMessage, MessageFilter, NewAccount } from './embedded/admin-client.js';

export interface StartCanopyOptions {
  /** Port on 127.0.0.1 (or `env.HOST`); default: a free one the system picks. */
  readonly port?: number;
  /** `memory` (default): nothing on disk, gone at stop. `sqlite`: a file in `dataDir`. */
  readonly store?: 'memory' | 'sqlite';
  /** Where the SQLite file goes; required with `store: 'sqlite'` unless `env.CANOPY_DATA_DIR` is set. */
  readonly dataDir?: string;
  /** `emulator` (default) or `production` (which needs CANOPY_ADMIN_TOKEN and CANOPY_SECRET in `env`). */
  readonly mode?: 'emulator' | 'production';
  /**
   * Any other setting of the README's Configuration table, as environment variables would give it.
   * `process.env` is never read: pass `env: { ...process.env }` to use it. `LOG_LEVEL` defaults to `silent`.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface LatestCodeOptions {
  /** How long to wait for a code to arrive before rejecting, in ms; default 0 (look once). */
  readonly timeoutMs?: number;
}

export interface RunningCanopy extends AdminAnswers {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** `127.0.0.1:<port>`: what the SDKs take as `endpoint` (with `protocol: 'HTTP'`). */
  readonly endpoint: string;
  readonly port: number;
  /**
   * The newest verification code sent by SMS to `phone` (`<country code>-<number>`, as the API takes
   * it). Rejects when there is none (after waiting `timeoutMs` for one), and in production mode, which
   * never shows codes.
   */
  latestCode(phone: string, options?: LatestCodeOptions): Promise<string>;
  /** Stops listening, closes the store and frees the port. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts a Canopy server in this process and resolves once it answers. Several may run side by side. */
export async function startCanopy(options: StartCanopyOptions = {}): Promise<RunningCanopy> {
  const config = loadConfig(embeddedEnv(options));
  const canopy = await createCanopy(config, {
    // A refusal after start (PostgreSQL sealed under another secret) must not exit the test runner:
    // the server stops, and calls to it fail.
    onFatal: () => void canopy.close().catch(() => {}),
  });
  const url = await canopy.listen().catch(async (error: unknown) => {
    await canopy.close();
    throw error;
  });
  const port = Number(new URL(url).port);
  // A wildcard bind is reached on loopback, where the admin API answers without a token.
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : new URL(url).hostname;
  const base = `${config.tls ? 'https' : 'http'}://${host}:${port}`;
  // The helpers go through the admin API over HTTP rather than AdminService: the answers are the
  // documented ones by construction (validation, phone forms, shapes), and a loopback call costs about a millisecond.
  const admin = new AdminClient(base, config.adminToken);
  let stopped: Promise<void> | undefined;
  return {
    url: base,
    endpoint: `${host}:${port}`,
    port,
    createAccount: (account) => admin.createAccount(account),
    createAccessKey: (accountId, key) => admin.createAccessKey(accountId, key),
    messages: (filter) => admin.messages(filter),
    advanceClock: (seconds) => admin.advanceClock(seconds),
    reset: () => admin.reset(),
    latestCode: (phone, wait) => admin.latestCode(phone, wait?.timeoutMs ?? 0),
    stop: () => {
      stopped ??= canopy.close();
      return stopped;
    },
  };
}

/** The settings as loadConfig reads them: the options over `env` over the embedded defaults. */
function embeddedEnv(options: StartCanopyOptions): Record<string, string | undefined> {
  const env = { ...options.env };
  const store = options.store ?? (env['DATABASE_URL'] ? undefined : (env['CANOPY_STORE'] ?? 'memory'));
  if (store === 'sqlite' && !(options.dataDir ?? env['CANOPY_DATA_DIR'])) {
    throw new TypeError("startCanopy: store 'sqlite' needs dataDir (a directory for this instance's canopy.db)");
  }
  return {
    ...env,
    PORT: options.port !== undefined ? String(options.port) : (env['PORT'] ?? '0'),
    CANOPY_STORE: store,
    CANOPY_DATA_DIR: options.dataDir ?? env['CANOPY_DATA_DIR'],
    CANOPY_MODE: options.mode ?? env['CANOPY_MODE'],
    // Quiet inside a test run unless asked otherwise.
    LOG_LEVEL: env['LOG_LEVEL'] ?? 'silent',
  };
}
