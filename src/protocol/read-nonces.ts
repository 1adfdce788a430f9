import { randomBytes } from 'node:crypto';
import { sha256 } from './sha256.js';

/**
 * The nonces of read-only requests (`Action.mutates === false`), kept in this process's memory for
 * their timestamp window instead of in the store. A read then writes nothing, so its transaction
 * commits without an fsync (SQLite) or a write (PostgreSQL). The guarantee is weaker than for writes,
 * on purpose (docs/api.md, Replays): the same signed read is refused by the instance that served it,
 * but another instance, or this one after a restart, would answer it once more within the window.
 * The signature covers the Action, so a replayed read stays a read: it changes nothing and answers
 * the current state.
 *
 * Bounded: when `capacity` nonces are still within their windows, `claim` answers 'full' and the
 * caller keeps the nonce in the store as it does for a write, which costs a read about twice its CPU
 * (a statement and an fsync): 300,000 is 333 reads a second held over the 15-minute window.
 *
 * Small, because the bench's Get row keeps about 100,000 of them: a nonce is kept as 72 bits of a
 * SHA-256 keyed with a secret of this process (a 12-character string, which V8 copies rather than
 * slicing) and its expiry in whole seconds, rounded up (a small integer, not a boxed double): about
 * 69 bytes of heap each instead of 117 for the key as text and the expiry in milliseconds. Two
 * nonces would collide once in 2^72; nobody can aim at one, the secret being unknown. Rounding the
 * expiry up keeps a nonce used for less than a second longer, never shorter.
 */
export class ReadNonces {
  /** keyOf(accessKeyId, nonce) -> expiry (seconds, rounded up), in insertion order, which is roughly expiry order. */
  readonly #seen = new Map<string, number>();
  readonly #secret = randomBytes(32).toString('base64');

  constructor(readonly capacity = 300_000) {}

  /** 'claimed': first use, kept until `expiresAt`; 'used': a replay; 'full': keep it in the store. */
  claim(accessKeyId: string, nonce: string, expiresAt: Date, now: Date): 'claimed' | 'used' | 'full' {
    const key = this.#keyOf(accessKeyId, nonce);
    const expiry = this.#seen.get(key);
    if (expiry !== undefined && expiry * 1000 >= now.getTime()) return 'used';
    if (expiry !== undefined) this.#seen.delete(key);
    // A few expired ones dropped per claim keep the map near what the window holds; all of them when full.
    this.#prune(now.getTime(), this.#seen.size >= this.capacity ? Number.POSITIVE_INFINITY : 2);
    if (this.#seen.size >= this.capacity) return 'full';
    this.#seen.set(key, Math.ceil(expiresAt.getTime() / 1000));
    return 'claimed';
  }

  /** Whether a read on this instance used the nonce within its window (a write must not reuse it). */
  used(accessKeyId: string, nonce: string, now: Date): boolean {
    const expiry = this.#seen.get(this.#keyOf(accessKeyId, nonce));
    return expiry !== undefined && expiry * 1000 >= now.getTime();
  }

  /** Gives a nonce back when its request was not answered (the store failed): as a write's nonce is not kept then. */
  release(accessKeyId: string, nonce: string): void {
    this.#seen.delete(this.#keyOf(accessKeyId, nonce));
  }

  get size(): number {
    return this.#seen.size;
  }

  /**
   * Drops expired nonces from the oldest on, stopping at the first still in its window: expiries
   * are not strictly in insertion order (a timestamp may be ahead of or behind real time), so a few
   * may outlive their window until those before them expire, never the other way round.
   */
  #prune(now: number, most: number): void {
    let dropped = 0;
    for (const [key, expiry] of this.#seen) {
      if (expiry * 1000 >= now || dropped++ >= most) return;
      this.#seen.delete(key);
    }
  }

  #keyOf(accessKeyId: string, nonce: string): string {
    return sha256(`${this.#secret}${accessKeyId}\n${nonce}`, 'base64').slice(0, 12);
  }
}
