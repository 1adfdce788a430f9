import type { Logger } from 'pino';
import { StoreUnavailable } from './domain/store.js';
import type { Readiness } from './http/admin-routes.js';
import { migrations } from './storage/migrations/index.js';
import type { OpenedStore, Store } from './storage/store.js';

/** The schema version this code needs. */
const LATEST_SCHEMA = migrations[migrations.length - 1]!.version;

/** How long a readiness check waits for the store (a load balancer probes often, and must not queue long). */
const READY_TIMEOUT_MS = 2000;

export interface LifecycleOptions {
  readonly kind: Store['kind'];
  /** Opens the store: migrates, reads the server secret. Rejects with StoreUnavailable while the database cannot be reached. */
  readonly open: () => Promise<OpenedStore>;
  readonly log: Logger;
  /** Text that must never reach the log, such as the database password. */
  readonly secrets: readonly string[];
  /** Reconnect backoff: the first wait, doubled after each failure up to the cap (jitter ±20%). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

export interface LifecycleHooks {
  /** Wires what depends on the store and its secret; runs once, when the store opens. */
  readonly onOpen: (opened: OpenedStore) => void | Promise<void>;
  /** A failure that retrying cannot cure, met after start (StartupRefused, a broken schema): the process must stop. */
  readonly onFatal: (error: Error) => void;
}

/**
 * The store of a running server. `start` tries to open it once; if the database cannot be reached
 * the server starts anyway (not ready) and keeps trying in the background with capped exponential
 * backoff. Until the store is open, `store` rejects every call with StoreUnavailable, which the API
 * answers with 503.
 */
export class StoreLifecycle {
  private opened: OpenedStore | undefined;
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private attempt: Promise<void> | undefined;
  private closed = false;
  private fatal: Error | undefined;

  /** The store as the rest of the server uses it, whether or not it is open yet. */
  readonly store: Store;

  constructor(private readonly options: LifecycleOptions) {
    const current = (): Store | undefined => this.opened?.store;
    const unavailable = () => Promise.reject(new StoreUnavailable('the store is not connected yet'));
    this.store = {
      kind: options.kind,
      transaction: (work) => current()?.transaction(work) ?? unavailable(),
      getSetting: (key) => current()?.getSetting(key) ?? unavailable(),
      setSetting: (key, value) => current()?.setSetting(key, value) ?? unavailable(),
      reset: () => current()?.reset() ?? unavailable(),
      probe: () => current()?.probe() ?? unavailable(),
      tableBytes: () => current()?.tableBytes() ?? unavailable(),
      close: () => this.close(),
    };
  }

  get isOpen(): boolean {
    return this.opened !== undefined;
  }

  /**
   * Tries once and resolves: open, or retrying in the background when the database is unreachable.
   * Any other failure (a refused secret, a bad schema name) rejects, as it would without retries.
   */
  async start(hooks: LifecycleHooks): Promise<void> {
    await this.tryOpen(hooks, (error) => {
      throw error;
    });
  }

  async readiness(): Promise<Readiness> {
    if (this.fatal) return { ready: false, reason: `the store refused this process: ${this.fatal.message}` };
    if (!this.opened) return { ready: false, reason: 'the store is not reachable yet; reconnecting' };
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StoreUnavailable(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      });
      const probe = await Promise.race([this.opened.store.probe(), timeout]);
      if (probe.schemaVersion < LATEST_SCHEMA) {
        return {
          ready: false,
          reason: `migrations pending: the schema is at version ${probe.schemaVersion}, this server needs ${LATEST_SCHEMA}`,
        };
      }
      if (!probe.secretFits) {
        // Another process ran `canopy rotate-secret`: this one can no longer open what the store seals.
        return { ready: false, reason: 'CANOPY_SECRET no longer matches the store (was the secret rotated?): restart with the new one' };
      }
      return { ready: true };
    } catch (error) {
      this.options.log.warn({ reason: this.redact(error) }, 'readiness check: the store does not answer');
      return { ready: false, reason: 'the store does not answer' };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops reconnecting, waits for an attempt under way, and closes the store if it opened. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.attempt;
    await this.opened?.store.close();
  }

  private async tryOpen(hooks: LifecycleHooks, fail: (error: Error) => void): Promise<void> {
    this.attempts++;
    let opened: OpenedStore;
    try {
      const attempt = this.options.open();
      this.attempt = attempt.then(
        () => undefined,
        () => undefined,
      );
      opened = await attempt;
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) {
        this.fatal = error instanceof Error ? error : new Error(String(error));
        return fail(this.fatal);
      }
      return this.retryLater(hooks, error);
    }
    if (this.closed) return void (await opened.store.close());
    this.opened = opened;
    if (this.attempts > 1) this.options.log.warn({ attempts: this.attempts }, 'the store is reachable again; serving');
    await hooks.onOpen(opened);
  }

  private retryLater(hooks: LifecycleHooks, error: StoreUnavailable): void {
    if (this.closed) return;
    const base = Math.min(this.options.retryMaxMs ?? 30_000, (this.options.retryBaseMs ?? 500) * 2 ** (this.attempts - 1));
    const delayMs = Math.round(base * (0.8 + Math.random() * 0.4));
    this.options.log.warn(
      { attempt: this.attempts, retryInMs: delayMs, reason: this.redact(error) },
      'the store is not reachable; not ready, retrying',
    );
    this.timer = setTimeout(() => {
      void this.tryOpen(hooks, (fatal) => hooks.onFatal(fatal)).catch((failure: unknown) =>
        hooks.onFatal(failure instanceof Error ? failure : new Error(String(failure))),
      );
    }, delayMs);
  }

  /** The error's message without anything secret (a password the driver might echo). */
  private redact(error: unknown): string {
    let text = error instanceof Error ? error.message : String(error);
    for (const secret of this.options.secrets) if (secret) text = text.split(secret).join('***');
    return text;
  }
}

/** The password of a database URL, as written and decoded, to keep it out of the log. */
export function passwordsIn(url: string): string[] {
  try {
    const { password } = new URL(url);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}
