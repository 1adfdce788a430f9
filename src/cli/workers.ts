import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { StoreUnavailable } from '../domain/store.js';
import { openStore } from '../main.js';
import { isWorkerFatal, type WorkerFatal } from './serve-failures.js';

/**
 * `serve --workers N`: the primary process migrates the store once, then forks N workers that each
 * run the whole service and share the listening port (node:cluster hands connections out). A worker
 * that dies is replaced; SIGTERM or SIGINT is passed on and the primary waits for every worker to
 * drain its requests (for at most CANOPY_SHUTDOWN_GRACE_MS) and exit.
 */
export async function runPrimary(config: Config, count: number, log: Logger): Promise<void> {
  await openOnce(config, log);
  let stopping = false;
  const fork = () => cluster.fork();
  const fatal = new Map<number, WorkerFatal>();
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isWorkerFatal(message)) fatal.set(worker.id, message);
  });
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) return;
    // A worker that cannot start (the port is taken, a TLS file is missing) would fail again in
    // every replacement: say why once and stop, instead of forking for ever.
    const refused = fatal.get(worker.id);
    if (refused) {
      stopping = true;
      process.stderr.write(`canopy: ${refused.canopyFatal}\n`);
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGKILL');
      process.exit(refused.exitCode);
    }
    log.error({ worker: worker.process.pid, code, signal }, 'worker died; starting another');
    fork();
  });
  for (let i = 0; i < count; i++) fork();
  log.info({ workers: count, port: config.port }, 'canopy primary started');

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs: config.http.shutdownGraceMs }, 'stopping workers');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    let left = workers.length;
    if (left === 0) process.exit(0);
    // Each worker bounds its own shutdown; this only catches one that cannot (a hung process).
    setTimeout(() => {
      log.error({ workers: left }, 'workers did not stop in time; killing them');
      for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, shutdownLimitMs(config) + 1000).unref();
    let failed = false;
    for (const worker of workers) {
      worker.once('exit', (code, signal) => {
        // A worker still starting has no handler yet and ends by the signal itself: nothing was lost.
        if (code !== 0 && signal !== 'SIGTERM') {
          failed = true;
          log.error({ worker: worker.process.pid, code, signal }, 'worker did not stop cleanly');
        }
        if (--left === 0) process.exit(failed ? 1 : 0);
      });
      worker.process.kill('SIGTERM');
    }
  };
  // Repeated signals are ignored while the workers drain, rather than killing the primary.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/**
 * The longest a shutdown may take before the process gives up and exits 1: the drain's grace, then
 * an SMS or email send in progress (its own timeout), then a few seconds for the store.
 */
export function shutdownLimitMs(config: Config): number {
  return config.http.shutdownGraceMs + config.delivery.sendTimeoutMs + 10_000;
}

/**
 * Workers start at once: the schema is brought up to date, and the secret checked against the
 * store's check value, before any of them opens the store. A secret that does not match stops the
 * primary here, once, rather than every worker failing and being replaced for ever. A PostgreSQL
 * that cannot be reached now does not: each worker starts anyway and opens the store (migrating under
 * the advisory lock, checking the secret) once it connects.
 */
async function openOnce(config: Config, log: Logger): Promise<void> {
  try {
    const { store } = await openStore(config, log);
    await store.close();
  } catch (error) {
    if (!(error instanceof StoreUnavailable)) throw error;
    log.warn('PostgreSQL is not reachable; the workers connect and migrate when it is');
  }
}
