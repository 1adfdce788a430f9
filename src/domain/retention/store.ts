/**
 * What the retention job removes, table by table. Every method deletes at most `limit` rows, the
 * oldest first, in one bounded statement, and answers how many it deleted: a run repeats a method
 * while it answers `limit`, each batch in a short transaction of its own, so requests interleave.
 * Each cutoff is decided by the caller (src/domain/retention/pruner.ts), which knows what each rule
 * still needs; the store only applies it.
 */
export interface RetentionStore {
  /**
   * Takes or renews the lease on a periodic job (`job`) for `holder` until `until`, if nobody else
   * holds it at `now`; false when another holder's lease has not run out. One conditional upsert,
   * so on PostgreSQL one instance at a time holds it, as with the outbox's message leases.
   */
  takeLease(job: string, holder: string, now: Date, until: Date): Promise<boolean>;
  /** Verification codes that expired before `expiredBefore` (used or not). */
  pruneCodes(expiredBefore: Date, limit: number): Promise<number>;
  /** Daily quota counters of days before `day` (`YYYY-MM-DD`, the quota day's own key). */
  pruneQuotaDays(day: string, limit: number): Promise<number>;
  /**
   * Outbox messages queued before `createdBefore` that are dealt with (sent, failed or abandoned),
   * with their delivery attempts. A pending message is never removed, however old.
   */
  pruneMessages(createdBefore: Date, limit: number): Promise<number>;
  /** Replay-protection nonces whose window closed before `expiredBefore`. */
  pruneNonces(expiredBefore: Date, limit: number): Promise<number>;
  /**
   * Email changes whose link expired before `expiredBefore`, whatever became of them (a change is
   * confirmed or cancelled before its link expires, or expires with it).
   */
  pruneEmailChanges(expiredBefore: Date, limit: number): Promise<number>;
  /**
   * Invitations (handshakes) whose ExpireTime passed before `expiredBefore`, whatever their status
   * (one is accepted, declined or cancelled before it expires, or expires).
   */
  pruneHandshakes(expiredBefore: Date, limit: number): Promise<number>;
  /**
   * Gives up to `pages` free pages back to the file system and answers how many are still free:
   * SQLite's incremental vacuum. 0 where the engine reclaims space itself (PostgreSQL's autovacuum).
   */
  reclaimSpace(pages: number): Promise<number>;
  /** The size of the store's data, in bytes (SQLite: the file's pages, free ones included; PostgreSQL: the schema's tables and indexes). */
  sizeBytes(): Promise<number>;
}
