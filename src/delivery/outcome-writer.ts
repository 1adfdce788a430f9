import type { DomainStores, UnitOfWork } from '../domain/store.js';

interface Pending {
  readonly write: (tx: DomainStores) => Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Writes the outcomes of delivery rounds. Those that arrive in one turn of the event loop (a batch
 * whose senders answered at once, as the inbox does), and those that arrive while a write is under
 * way, go in one transaction rather than one each: that spares a savepoint and a queued unit of work
 * per message on the thread that also serves the requests, and a round trip per message on
 * PostgreSQL. Should a transaction fail, each of its messages comes back when its lease ends.
 */
export class OutcomeWriter {
  private pending: Pending[] = [];
  private writing = false;

  constructor(private readonly store: UnitOfWork) {}

  /** Resolves once `write` is committed, with the others of its transaction. */
  write(write: (tx: DomainStores) => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.writeAll());
      }
    });
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.store.transaction(async (tx) => {
          for (const item of batch) await item.write(tx);
        });
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.writing = false;
  }
}
