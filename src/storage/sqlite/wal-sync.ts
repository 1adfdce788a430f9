import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { StoreUnavailable } from '../../domain/store.js';

const fdatasyncAsync = promisify(fdatasync);

/** Say when committed writes are on disk. The group commit waits on it before it answers anyone. */
export interface Durability {
  /** After a COMMIT that wrote: resolves once that commit is on disk. */
  afterWrite(): Promise<void>;
  /** After a COMMIT that only read: resolves once every write it could have seen is on disk. */
  settled(): Promise<void>;
  close(): void;
}

/** An in-memory database: nothing is ever on disk, so nothing waits. */
export const noDurability: Durability = {
  afterWrite: () => Promise.resolve(),
  settled: () => Promise.resolve(),
  close: () => {},
};

/** fdatasync failed: what was committed since the last good sync may be lost on power failure. */
export class SyncFailed extends StoreUnavailable {
  constructor(cause: unknown) {
    super('the database could not be flushed to disk', cause);
  }
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Durable commits without blocking the event loop. With `synchronous = NORMAL` in WAL mode a COMMIT
 * writes its frames to the WAL file and returns without fsync; this class then fdatasyncs the WAL
 * file on libuv's thread pool and releases the answers of every commit the sync covered. While one
 * sync runs, the next batches are already executing; their commits share the following sync.
 * The guarantee is that of `synchronous = FULL`: nothing is acknowledged, and no answer reveals a
 * write, before the write is on disk. SQLite itself syncs the WAL before each checkpoint and the
 * database file after it, so frames leave the WAL only once they are durable elsewhere.
 *
 * After a failed fdatasync the kernel may have dropped the dirty pages, so a later sync that succeeds
 * proves nothing about them: every wait fails from then on (as PostgreSQL panics on fsync failure).
 */
export class WalSync implements Durability {
  private committed = 0;
  private durable = 0;
  private failure: SyncFailed | undefined;
  private running = false;
  private waiters: Waiter[] = [];

  /** `sync` flushes the WAL file; tests give one they control. */
  constructor(
    private readonly sync: () => Promise<void>,
    private readonly closeFile: () => void = () => {},
  ) {}

  /** Opens the WAL file of a database in WAL mode (it exists once the database has been read). */
  static open(databasePath: string): WalSync {
    const fd = openSync(`${databasePath}-wal`, 'r+');
    // The WAL file may just have been created: its directory entry must survive a power cut too.
    const directory = openSync(dirname(databasePath), 'r');
    try {
      fsyncDirectory(directory);
    } finally {
      closeSync(directory);
    }
    return new WalSync(
      () => fdatasyncAsync(fd),
      () => closeSync(fd),
    );
  }

  afterWrite(): Promise<void> {
    return this.until(++this.committed);
  }

  settled(): Promise<void> {
    return this.until(this.committed);
  }

  close(): void {
    this.closeFile();
  }

  private until(seq: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (seq <= this.durable) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq, resolve, reject });
      if (!this.running) void this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.running = true;
    while (this.failure === undefined && this.durable < this.committed) {
      const target = this.committed;
      try {
        await this.sync();
        this.durable = target;
      } catch (error) {
        this.failure = new SyncFailed(error);
      }
      const waiting = this.waiters;
      this.waiters = [];
      for (const waiter of waiting) {
        if (this.failure) waiter.reject(this.failure);
        else if (waiter.seq <= this.durable) waiter.resolve();
        else this.waiters.push(waiter);
      }
    }
    this.running = false;
  }
}

function fsyncDirectory(fd: number): void {
  try {
    fsyncSync(fd);
  } catch (error) {
    // Some file systems refuse fsync on a directory; their entries are then written synchronously.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  }
}
