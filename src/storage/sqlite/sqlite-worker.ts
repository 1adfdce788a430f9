import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Durability } from './wal-sync.js';

/**
 * A worker thread with a connection of its own to the database file, for the work that would hold
 * the server's only thread: WAL checkpoints, and the reads of the metrics' table sizes.
 *
 * Checkpoints. SQLite copies the WAL back into the database file (a checkpoint) on the connection
 * that commits, once the WAL holds `wal_autocheckpoint` pages: the copy and its two fsyncs took 3 to
 * 7 ms (60 at worst) of the server's thread about nine times a second under the send load, half of
 * all COMMIT time, and every request in flight waited for them. The worker runs a PASSIVE checkpoint
 * every `intervalMs`, which never blocks the server (it takes no lock the server waits for, and gives
 * up where the server holds one). The server's own checkpoint stays, with a much higher threshold
 * (SERVER_CHECKPOINT_PAGES), because only a checkpoint that ends with nothing left to copy lets the
 * next write start the WAL over, and under steady writes the worker's never does: the server's then
 * finds almost everything copied. Durability is SQLite's own for any checkpoint (the WAL is synced
 * before pages leave it, the database file after); a checkpoint lost to a crash is redone at the next open.
 *
 * Reads. `dbstat` visits every page of the file (about a millisecond per MB). One worker for both
 * costs its isolate and better-sqlite3 once (about 8 MB) instead of a worker per scrape (about 14 MB
 * more at the moment of the scrape, the server's peak).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
// SQLite's errors lose their message on the way to the main thread: a plain Error keeps it.
const plain = (error) => new Error(error.code ? error.code + ': ' + error.message : String(error));
let db;
try {
  db = new Database(workerData.path, { fileMustExist: true });
} catch (error) {
  throw plain(error);
}
// Checkpoints and dbstat read each page once: no page cache worth keeping beside the server's.
db.pragma('cache_size = -128');
// No interval: a file outside WAL mode, which has no checkpoints.
const timer = workerData.intervalMs > 0 && setInterval(() => {
  // PASSIVE never waits for a lock (nor calls the busy handler): busy, it gives up until the next round.
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    if (!String(error.code).startsWith('SQLITE_BUSY')) throw plain(error);
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.stop) {
    if (timer) clearInterval(timer);
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, rows: db.prepare(message.sql).all() });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: plain(error).message });
  }
});
`;

/** How often the worker checkpoints: about 900 pages of WAL under the bench's send load. */
export const CHECKPOINT_INTERVAL_MS = 100;

/** The server connection's own checkpoint threshold, in pages, once the worker runs (SQLite's default is 1000). */
export const SERVER_CHECKPOINT_PAGES = 10_000;

interface Query {
  readonly resolve: (rows: Record<string, unknown>[]) => void;
  readonly reject: (error: Error) => void;
}

export class SqliteWorker {
  private worker: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopped = false;
  private failure: Error | undefined;
  private readonly queries = new Map<number, Query>();
  private nextQuery = 0;

  /**
   * For the database file at `path`; nothing runs before `start` or the first `read`. `intervalMs`:
   * between checkpoints (0: none, a file outside WAL mode). `failed`: the worker stopped on an error;
   * the server's own checkpoints carry on alone.
   */
  constructor(
    private readonly path: string,
    private readonly intervalMs: number,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Starts the worker; later calls do nothing. */
  start(): void {
    if (this.worker || this.stopped) return;
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { path: this.path, intervalMs: this.intervalMs, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
      // The worker's heap holds a timer and the rows of one read at a time.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    worker.unref();
    worker.on('message', (answer: { id: number; rows?: Record<string, unknown>[]; error?: string }) => {
      const query = this.queries.get(answer.id);
      this.queries.delete(answer.id);
      if (answer.error !== undefined) query?.reject(new Error(answer.error));
      else query?.resolve(answer.rows!);
    });
    worker.on('error', (error) => {
      this.failure = error;
      this.failed(error);
    });
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        const gone = this.failure ?? new Error('the SQLite worker has stopped');
        for (const query of this.queries.values()) query.reject(gone);
        this.queries.clear();
        resolve();
      }),
    );
    this.worker = worker;
  }

  /** The rows of a read-only statement, run in the worker (started if need be), beside the server. */
  read<R>(sql: string): Promise<R[]> {
    this.start();
    if (this.failure || this.stopped || !this.worker) return Promise.reject(this.failure ?? new Error('the SQLite worker has stopped'));
    const id = this.nextQuery++;
    const worker = this.worker;
    return new Promise<R[]>((resolve, reject) => {
      this.queries.set(id, { resolve: resolve as (rows: Record<string, unknown>[]) => void, reject });
      worker.postMessage({ id, sql });
    });
  }

  /** Ends the worker after what it is doing, and closes its connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    // Unreferenced, the worker alone would not keep the process alive while we wait for it.
    this.worker?.ref();
    this.worker?.postMessage({ stop: true });
    await this.exited;
  }
}

/**
 * `durability` that starts `checkpointer` at the first commit that wrote: a server that only starts
 * and reads (a cold start's first answer) never pays for the worker (about 8 MB, and its start-up on
 * the other core).
 */
export function startingAtFirstWrite(durability: Durability, checkpointer: SqliteWorker): Durability {
  return {
    afterWrite: () => {
      checkpointer.start();
      return durability.afterWrite();
    },
    settled: () => durability.settled(),
    close: () => durability.close(),
  };
}
