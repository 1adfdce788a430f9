// Talking to the built Canopy server from the outside, as a user would: spawn `serve`, the admin API
// for accounts, and V3-signed RPC calls built with the project's own signV3 (which the signature
// tests check against the official SDK), so a request the benchmark sends is one a client sends.
import { request } from 'node:http';
import { signV3 } from '../src/protocol/sign-request.js';
import { join } from 'node:path';
import { crashed, REPO_ROOT, sleep, spawnNode, type Child } from './children.js';

export const API_VERSION = '2020-03-31';
export const PHONE = '1-2025550123';

export interface AccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/**
 * The environment of a benchmarked server: the caller's, minus anything that would change what is
 * measured (a LOG_LEVEL=silent or an in-memory store left in the shell), plus our port and data dir.
 * Logging stays at its default (info), durability at its default (SQLite, synchronous=FULL).
 */
function canopyEnv(port: number, dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('CANOPY_') || ['LOG_LEVEL', 'DATABASE_URL', 'HOST', 'PORT'].includes(name)) continue;
    env[name] = value;
  }
  const store = extra['DATABASE_URL'] ? {} : { CANOPY_STORE: 'sqlite' };
  return { ...env, PORT: String(port), HOST: '127.0.0.1', CANOPY_DATA_DIR: dataDir, ...store, ...extra };
}

/** What `canopy` and `npm start` run: the command line bundled into one file (scripts/bundle-cli.mjs). */
export const CANOPY_ENTRY = join(REPO_ROOT, 'dist', 'bundle', 'canopy.js');

/**
 * Spawns the built server exactly as `npm start` would run it; its log goes to /dev/null.
 * BENCH_NODE_ARGS (space-separated) go to node before the script, for profiling a row: Node refuses
 * `--cpu-prof` in NODE_OPTIONS (docs/development.md, "Profiling"). `entry`: another build's bundle,
 * to compare two builds (bench/floor.ts, BENCH_BASELINE_ENTRY).
 */
export function spawnCanopy(port: number, dataDir: string, extraEnv: Record<string, string> = {}, entry = CANOPY_ENTRY): Child {
  const nodeArgs = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
  return spawnNode('canopy', [...nodeArgs, entry, 'serve'], canopyEnv(port, dataDir, extraEnv), 'ignore');
}

/** Waits for the admin health endpoint; fails fast if the server dies instead. */
export async function waitHealthy(child: Child, port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ready = (async () => {
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/_canopy/health`);
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(20);
    }
    throw new Error(`canopy did not become healthy within ${timeoutMs} ms\n${child.stderrTail()}`);
  })();
  await Promise.race([ready, crashed(child)]);
}

export interface NewAccount {
  readonly enterprise?: boolean;
}

/** Creates `count` accounts through the admin API, `parallel` at a time (group commit batches them). */
export async function createAccounts(port: number, count: number, options: NewAccount = {}, parallel = 32): Promise<AccessKey[]> {
  const keys: AccessKey[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const body: Record<string, unknown> = { securePhone: PHONE };
      if (options.enterprise) Object.assign(body, { enterpriseVerified: true, enterpriseName: 'Canopy Bench Ltd' });
      const response = await fetch(`http://127.0.0.1:${port}/_canopy/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`POST /_canopy/accounts: ${response.status} ${text}`);
      const created = JSON.parse(text) as AccessKey;
      keys[index] = { accessKeyId: created.accessKeyId, accessKeySecret: created.accessKeySecret };
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return keys;
}

/**
 * A freshly signed request (new timestamp and nonce every call) for the given key. `host` is signed:
 * requests spread over several instances use one name for all of them instead of a port.
 */
export function signed(port: number | string, action: string, params: Record<string, string>, key: AccessKey) {
  return signV3({ host: typeof port === 'number' ? `127.0.0.1:${port}` : port, action, version: API_VERSION, params, ...key });
}

/** One signed RPC call with fetch, for setup steps (not measured). */
export async function callRpc(port: number, action: string, params: Record<string, string>, key: AccessKey) {
  const { path, headers } = signed(port, action, params, key);
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers });
  return { status: response.status, body: await response.text() };
}

/**
 * One signed RPC call on a fresh connection with node:http, for the cold-start poll: no pool, no
 * retry, and a refused connection surfaces immediately as `status: 0`.
 */
export function probeRpc(port: number, action: string, key: AccessKey): Promise<{ status: number; body: string }> {
  const { path, headers } = signed(port, action, {}, key);
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers, agent: false, timeout: 2000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: String(error) }));
    req.end();
  });
}

/**
 * Waits until the outbox has delivered what a row queued (the `canopy_outbox_pending_messages`
 * gauge reads 0), so the next row measures its own requests and not the delivery of the last one's.
 * Gives up after `timeoutMs`, saying so (`drained: false`) rather than failing the run.
 */
export async function waitOutboxDrained(port: number, timeoutMs = 120_000): Promise<{ ms: number; drained: boolean }> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const text = await (await fetch(`http://127.0.0.1:${port}/_canopy/metrics`)).text();
    const pending = /^canopy_outbox_pending_messages (\S+)$/m.exec(text)?.[1];
    if (pending === '0') return { ms: Date.now() - started, drained: true };
    await sleep(200);
  }
  return { ms: Date.now() - started, drained: false };
}
