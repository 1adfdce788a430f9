import { StoreUnavailable } from '../../domain/store.js';
import type { StoreMetrics } from '../store.js';

/**
 * Turns for the pool's connections, first come first served. pg.Pool counts the time a caller waits
 * for a busy pool against its connect timeout, so a burst the database could serve in a few seconds
 * failed as if the server were down. Waiting here is bounded by its own, longer timeout; the pool is
 * only asked for a connection when one is free or may be opened, so its connect timeout measures
 * connecting alone.
 */
export class ConnectionGate {
  private free: number;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    size: number,
    private readonly waitTimeoutMs: number,
    private readonly metrics?: StoreMetrics,
  ) {
    this.free = size;
  }

  /** Resolves with the function that gives the turn back; rejects with StoreUnavailable after the wait timeout. */
  acquire(): Promise<() => void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    const since = process.hrtime.bigint();
    const waited = (gotOne: boolean) => this.metrics?.poolWaited(Number(process.hrtime.bigint() - since) / 1e9, gotOne);
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          waited(true);
          resolve(this.releaser());
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          waited(false);
          reject(new StoreUnavailable(`no PostgreSQL connection came free within ${this.waitTimeoutMs} ms`));
        }, this.waitTimeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  /** Callers waiting for a turn now (for metrics and tests). */
  get queued(): number {
    return this.waiting.length;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.free++;
    };
  }
}
