import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Durability } from './wal-sync.js';

/**
 * WAL checkpoints off the event loop. SQLite copies the WAL back into the database file (a
 * checkpoint) on the connection that commits, once the WAL holds `wal_autocheckpoint` pages: the
 * copy and its two fsyncs took 3 to 7 ms (60 at worst) of the server's only thread about nine times a
 * second under the send load, half of all COMMIT time, and every request in flight waited for them.
 *
 * This worker thread does that copying on a connection of its own: every `intervalMs` a PASSIVE
 * checkpoint, which never blocks the server (it takes no lock the server waits for, and gives up
 * where the server holds one). The server's own checkpoint stays, with a much higher threshold
 * (SERVER_CHECKPOINT_PAGES), because only a checkpoint that ends with nothing left to copy lets the
 * next write start the WAL over, and under steady writes the worker's never does: the server's then
 * finds almost everything copied already. Durability is SQLite's own for any checkpoint (the WAL is
 * synced before pages leave it, the database file after); a checkpoint lost to a crash is redone from
 * the WAL at the next open.
 */
const WORKER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
try {
  const db = new Database(workerData.path, { fileMustExist: true });
  // A lock the server holds is never waited for: the next round tries again.
  db.pragma('busy_timeout = 0');
  // A checkpoint reads each page once: no page cache worth keeping beside the server's.
  db.pragma('cache_size = -256');
  const stop = new Int32Array(workerData.stop);
  while (Atomics.wait(stop, 0, 0, workerData.intervalMs) === 'timed-out') {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      if (!String(error.code).startsWith('SQLITE_BUSY')) throw error;
    }
  }
  db.close();
} catch (error) {
  // SQLite's errors lose their message on the way to the main thread: a plain Error keeps it.
  throw new Error(error.code ? error.code + ': ' + error.message : String(error));
}
`;

/** How often the worker checkpoints: about 900 pages of WAL under the bench's send load. */
export const CHECKPOINT_INTERVAL_MS = 100;

/** The server connection's own checkpoint threshold, in pages, once the worker runs (SQLite's default is 1000). */
export const SERVER_CHECKPOINT_PAGES = 10_000;

export class WalCheckpointer {
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private worker: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopped = false;

  /**
   * For the database file at `path` (in WAL mode); nothing runs before `start`. `failed`: the worker
   * stopped on an error; the server's own checkpoints carry on alone, as before it was started.
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
      workerData: {
        path: this.path,
        intervalMs: this.intervalMs,
        stop: this.stopFlag.buffer,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
      // The worker's heap holds nothing but the loop above.
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
    });
    worker.unref();
    worker.on('error', this.failed);
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    this.worker = worker;
  }

  /** Ends the loop after the checkpoint under way, if any, and closes the worker's connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    // Unreferenced, the worker alone would not keep the process alive while we wait for it.
    this.worker?.ref();
    Atomics.store(this.stopFlag, 0, 1);
    Atomics.notify(this.stopFlag, 0);
    await this.exited;
  }
}

/**
 * `durability` that starts `checkpointer` at the first commit that wrote: a server that only starts
 * and reads (a cold start's first answer) never pays for the worker (about 8 MB, and its start-up on
 * the other core).
 */
export function startingAtFirstWrite(durability: Durability, checkpointer: WalCheckpointer): Durability {
  return {
    afterWrite: () => {
      checkpointer.start();
      return durability.afterWrite();
    },
    settled: () => durability.settled(),
    close: () => durability.close(),
  };
}
