import type { DomainStores } from '../domain/store.js';

/** Replay protection: a nonce is accepted once per AccessKey while its timestamp could still pass. */
export interface NonceStore {
  /** Records the nonce; false when it was already recorded (a replay). Atomic across instances. */
  claim(accessKeyId: string, nonce: string, expiresAt: Date): Promise<boolean>;
  /** Forgets nonces whose window has passed. */
  prune(now: Date): Promise<number>;
}

/** One request's transaction: the domain stores its Action works in, and the nonces. */
export interface RequestTx extends DomainStores {
  readonly nonces: NonceStore;
}

/**
 * Where the pipeline runs each signed request: one transaction for the key lookup, the nonce and the
 * Action, so a refused request still uses up its nonce. An engine that cannot take the work rejects
 * with StoreUnavailable (src/domain/store.ts), answered 503.
 */
export interface RequestStore {
  transaction<T>(work: (tx: RequestTx) => Promise<T>): Promise<T>;
}
