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
 * caller keeps the nonce in the store as it does for a write.
 */
export class ReadNonces {
  /** `accessKeyId \n nonce` -> expiry (ms), in insertion order, which is roughly expiry order. */
  readonly #seen = new Map<string, number>();

  constructor(readonly capacity = 200_000) {}

  /** 'claimed': first use, kept until `expiresAt`; 'used': a replay; 'full': keep it in the store. */
  claim(accessKeyId: string, nonce: string, expiresAt: Date, now: Date): 'claimed' | 'used' | 'full' {
    const key = keyOf(accessKeyId, nonce);
    const expiry = this.#seen.get(key);
    if (expiry !== undefined && expiry >= now.getTime()) return 'used';
    if (expiry !== undefined) this.#seen.delete(key);
    // A few expired ones dropped per claim keep the map near what the window holds; all of them when full.
    this.#prune(now.getTime(), this.#seen.size >= this.capacity ? Number.POSITIVE_INFINITY : 2);
    if (this.#seen.size >= this.capacity) return 'full';
    this.#seen.set(key, expiresAt.getTime());
    return 'claimed';
  }

  /** Whether a read on this instance used the nonce within its window (a write must not reuse it). */
  used(accessKeyId: string, nonce: string, now: Date): boolean {
    const expiry = this.#seen.get(keyOf(accessKeyId, nonce));
    return expiry !== undefined && expiry >= now.getTime();
  }

  /** Gives a nonce back when its request was not answered (the store failed): as a write's nonce is not kept then. */
  release(accessKeyId: string, nonce: string): void {
    this.#seen.delete(keyOf(accessKeyId, nonce));
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
      if (expiry >= now || dropped++ >= most) return;
      this.#seen.delete(key);
    }
  }
}

/**
 * One flat string per entry. A template literal makes a rope that keeps its parts alive, the
 * request's nonce header among them; `join` copies them into one string. Measured under the bench's
 * Get row: about 100 bytes of heap per kept nonce instead of 170.
 */
function keyOf(accessKeyId: string, nonce: string): string {
  return [accessKeyId, nonce].join('\n');
}
