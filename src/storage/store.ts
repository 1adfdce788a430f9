import type { DomainStores } from '../domain/store.js';
import type { NonceStore } from '../protocol/nonce-store.js';

/** What one transaction sees: every domain store, plus the protocol's nonce store. */
export interface TxStores extends DomainStores {
  readonly nonces: NonceStore;
}

/**
 * The engine cannot take work right now (a lost connection, a database restart, a batch the engine
 * threw away): nothing of the work was kept, and the client may retry. Answered as 503.
 */
export class StoreUnavailable extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StoreUnavailable';
  }
}

/** A storage engine. Every read and write of the service goes through `transaction`. */
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
  close(): Promise<void>;
}
