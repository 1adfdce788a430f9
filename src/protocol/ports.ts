import type { DomainStores, Soon } from '../domain/store.js';

/** Replay protection: a nonce is accepted once per AccessKey while its timestamp could still pass. */
export interface NonceStore {
  /**
   * Records the nonce of a request signed at `signedAt` (its timestamp), kept until `expiresAt`; false
   * when it was already recorded for that timestamp (a replay: atomic across instances) or for one a
   * minute either side. The answer travels with the transaction's next statement: ask for it before
   * the work ends.
   */
  claim(accessKeyId: string, nonce: string, signedAt: Date, expiresAt: Date): Soon<boolean>;
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

/** One RPC request as the metrics count it. */
export interface RequestObservation {
  /** As the client named it: the metrics keep only the names of served Actions, the rest as one value. */
  readonly action: string;
  readonly status: number;
  /** The error Code; undefined for a success. */
  readonly code: string | undefined;
  readonly seconds: number;
  /** What the Action queued, when it succeeded and sends a code or a link. */
  readonly sent: { readonly channel: string; readonly purpose: string } | undefined;
}

/** Where the pipeline reports each request: a counter and a histogram, so it must stay cheap. */
export interface RequestMetrics {
  request(observation: RequestObservation): void;
  /**
   * A request answered before the pipeline could read it (malformed HTTP, too large, too slow, an
   * unknown path, a missing Host), with its catalog Code.
   */
  rejected(status: number, code: string): void;
}
