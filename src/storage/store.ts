import type { TxStores } from './sql/stores.js';

export type { TxStores } from './sql/stores.js';

/**
 * A storage engine: SQLite (file or memory) or PostgreSQL, the same SQL stores on both. Every read
 * and write of the service goes through `transaction`. Engine failures reach callers only as
 * StoreUnavailable (src/domain/store.ts); everything else a transaction rejects with is the work's own error.
 */
export interface Store {
  readonly kind: 'sqlite' | 'memory' | 'postgres';
  /**
   * Runs `work` in a transaction and resolves once it is durably committed. If `work` throws, its
   * writes are undone (unless the error asks to keep them) and the promise rejects with the error.
   * `work` must not call `transaction`, `getSetting`, `setSetting` or `reset` itself: those queue
   * behind the running transaction and would wait for ever.
   */
  transaction<T>(work: (tx: TxStores) => Promise<T>): Promise<T>;
  /** Persistent settings that live with the data: the generated server secret, the emulator clock. */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  /** Wipes every account, directory, code, message and nonce. Settings stay; callers reset the clock setting themselves. */
  reset(): Promise<void>;
  /** One small transaction that tells what readiness checks need: that the store answers, and its schema version. */
  probe(): Promise<StoreProbe>;
  /**
   * Each table's size in bytes with its indexes, for the metrics. SQLite counts the pages with dbstat,
   * which reads the whole file (in a worker thread, beside the server); PostgreSQL asks its catalog.
   */
  tableBytes(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

/**
 * What an engine reports for the metrics (PostgreSQL's: SQLite runs one transaction at a time on one
 * connection, and never runs work again).
 */
export interface StoreMetrics {
  /** A unit of work run again on a fresh transaction, after a conflict with another one or a connection lost before COMMIT. */
  retried(reason: 'conflict' | 'connection'): void;
  /** A caller found every pooled connection busy and waited this long; `gotOne` false when it gave up. */
  poolWaited(seconds: number, gotOne: boolean): void;
  /**
   * One exchange with the server that waited for its answer (a statement, BEGIN, COMMIT, a savepoint,
   * or several of them sent in one write): what a request costs in network latency.
   */
  roundTrip(): void;
}

/** What `probe` reads from the store. */
export interface StoreProbe {
  /** The newest migration applied to the schema (0 when none). */
  readonly schemaVersion: number;
  /** The store's secret check value is still this process's secret's (another process may have rotated it). */
  readonly secretFits: boolean;
}

/**
 * The store answers, but this process must not serve it: retrying cannot help (for example a
 * CANOPY_SECRET that does not match the one the data is sealed with). Opening a store throws it;
 * the server then stops with its message, also when the store was reached only after start.
 */
export class StartupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupRefused';
  }
}

export interface OpenedStore {
  readonly store: Store;
  readonly serverSecret: string;
}
