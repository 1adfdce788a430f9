import type { Database, Statement } from 'better-sqlite3';
import { StoreUnavailable } from '../../domain/store.js';
import { AfterCommit } from '../sql/after-commit.js';
import { type Durability, noDurability } from './wal-sync.js';

/** SQLite threw the whole batch away (disk full, I/O error); safe for the client to retry. */
export class StoreRolledBack extends StoreUnavailable {
  constructor(cause: unknown) {
    super('the store rolled the transaction back', cause);
  }
}

interface Pending<S> {
  readonly work: (stores: S) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit. Work that arrives in the same turn of the event loop runs in one SQLite transaction,
 * each piece in its own savepoint, and all of it is committed with one fsync. Promises settle only
 * once `durability` says the commit is on disk, so an acknowledged write is on disk; the next batch
 * runs meanwhile. Pieces run one after another, so they never see each other's uncommitted state
 * half-way.
 */
export class GroupCommit<S> {
  private queue: Pending<S>[] = [];
  private scheduled = false;
  private depth = 0;
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly totalChanges: Statement;
  // Statements prepared once per nesting depth: every request opens two savepoints, and parsing
  // the SQL each time showed up as the largest single cost under load.
  private readonly savepoints: { open: Statement; release: Statement; rollback: Statement }[] = [];
  /** What the running batch asked to do once it is durable (SqlSession.afterCommit). */
  private readonly hooks = new AfterCommit();

  constructor(
    private readonly db: Database,
    private readonly stores: S,
    private readonly durability: Durability = noDurability,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
  }

  private savepointStatements(depth: number) {
    for (let d = this.savepoints.length + 1; d <= depth; d++) {
      this.savepoints.push({
        open: this.db.prepare(`SAVEPOINT sp${d}`),
        release: this.db.prepare(`RELEASE sp${d}`),
        rollback: this.db.prepare(`ROLLBACK TO sp${d}`),
      });
    }
    return this.savepoints[depth - 1]!;
  }

  run<T>(work: (stores: S) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** For the running batch: `hook` runs once it is durable, unless the savepoint around the call throws. */
  afterCommit(hook: () => void): void {
    this.hooks.add(hook);
  }

  /** Runs `work` so that a throw undoes only its own writes, unless the error says to keep them. */
  savepoint<T>(work: () => Promise<T>): Promise<T> {
    return this.hooks.guard(() => this.savepointOf(work));
  }

  private async savepointOf<T>(work: () => Promise<T>): Promise<T> {
    const statements = this.savepointStatements(++this.depth);
    statements.open.run();
    try {
      const result = await work();
      statements.release.run();
      return result;
    } catch (error) {
      // If SQLite already rolled the whole transaction back (disk full, I/O error), there is no
      // savepoint left to undo; flush() notices and fails the batch.
      if (this.db.inTransaction) {
        if (!(error as { keepWrites?: boolean } | null)?.keepWrites) statements.rollback.run();
        statements.release.run();
      }
      throw error;
    } finally {
      this.depth--;
    }
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    const changesBefore = this.totalChanges.get();
    try {
      this.begin.run();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return this.next();
    }
    for (let index = 0; index < batch.length; index++) {
      try {
        outcomes.push({ ok: true, value: await this.savepoint(() => batch[index]!.work(this.stores)) });
      } catch (error) {
        outcomes.push({ ok: false, value: error });
      }
      if (!this.db.inTransaction) {
        // SQLite rolled the transaction back on its own: none of the work run so far is kept, so it
        // all fails; the work not yet run goes back to the front of the queue.
        const cause = outcomes[index]!.value;
        const error = new StoreRolledBack(cause);
        this.hooks.take();
        for (const item of batch.slice(0, index + 1)) item.reject(error);
        this.queue.unshift(...batch.slice(index + 1));
        return this.next();
      }
    }
    try {
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.hooks.take();
      for (const item of batch) item.reject(error);
      return this.next();
    }
    // A batch that wrote nothing needs no sync of its own, but may have read what an earlier batch
    // committed and is still syncing: it waits for that, so no answer shows a write not yet on disk.
    const durable = this.totalChanges.get() === changesBefore ? this.durability.settled() : this.durability.afterWrite();
    const hooks = this.hooks.take();
    this.next();
    durable.then(
      () => {
        batch.forEach((item, index) => {
          const outcome = outcomes[index]!;
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.value);
        });
        for (const hook of hooks) hook();
      },
      (error) => {
        for (const item of batch) item.reject(error);
      },
    );
  }

  private next(): void {
    if (this.queue.length > 0) setImmediate(() => void this.flush());
    else this.scheduled = false;
  }

  /** Resolves once everything queued so far has been committed and made durable, or failed. */
  async drain(): Promise<void> {
    while (this.scheduled) await new Promise((resolve) => setImmediate(resolve));
    await this.durability.settled().catch(() => {});
  }
}
