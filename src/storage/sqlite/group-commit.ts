import type { Database } from 'better-sqlite3';

interface Pending<S> {
  readonly work: (stores: S) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit. Work that arrives in the same turn of the event loop runs in one SQLite transaction,
 * each piece in its own savepoint, and all of it is committed with one fsync. Promises settle only
 * after COMMIT returns, so an acknowledged write is on disk. Pieces run one after another, so they
 * never see each other's uncommitted state half-way.
 */
export class GroupCommit<S> {
  private queue: Pending<S>[] = [];
  private scheduled = false;
  private depth = 0;

  constructor(
    private readonly db: Database,
    private readonly stores: S,
  ) {}

  run<T>(work: (stores: S) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Runs `work` so that a throw undoes only its own writes, unless the error says to keep them. */
  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const name = `sp${++this.depth}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (!(error as { keepWrites?: boolean } | null)?.keepWrites) this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      throw error;
    } finally {
      this.depth--;
    }
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const item of batch) item.reject(error);
      return this.next();
    }
    for (const item of batch) {
      try {
        outcomes.push({ ok: true, value: await this.savepoint(() => item.work(this.stores)) });
      } catch (error) {
        outcomes.push({ ok: false, value: error });
      }
    }
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const item of batch) item.reject(error);
      return this.next();
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.value);
    });
    this.next();
  }

  private next(): void {
    if (this.queue.length > 0) setImmediate(() => void this.flush());
    else this.scheduled = false;
  }

  /** Resolves once everything queued so far has been committed or failed. */
  async drain(): Promise<void> {
    while (this.scheduled) await new Promise((resolve) => setImmediate(resolve));
  }
}
