import type { RetentionStore } from '../../domain/retention/store.js';
import type { Dialect } from './dialect.js';
import { count, type SqlSession } from './session.js';

/** The lease changes hands only when it has run out, or stays with its holder, who renews it. */
const TAKE_LEASE = `INSERT INTO job_leases (job, holder, lease_until) VALUES (?, ?, ?)
  ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
  WHERE job_leases.holder = excluded.holder OR job_leases.lease_until <= ?`;

/**
 * Deletes the oldest `limit` rows of `table` whose `column` is below the cutoff, through the cutoff's
 * index (SQLite has no DELETE ... LIMIT by default). The outer WHERE repeats the cutoff: on PostgreSQL
 * a row changed meanwhile by a request (a code sent again to the same phone) is checked again as it
 * now stands, and stays. Parameters: the cutoff twice, then the limit.
 */
export const pruneOldest = (table: string, key: string, column: string) =>
  `DELETE FROM ${table} WHERE ${column} < ? AND (${key}) IN (
  SELECT ${key} FROM ${table} WHERE ${column} < ? ORDER BY ${column} LIMIT ?)`;

const PRUNE_CODES = pruneOldest('verification_codes', 'id', 'expires_at');
const PRUNE_QUOTA_DAYS = pruneOldest('code_quota', 'account_id, purpose, day', 'day');
const PRUNE_NONCES = pruneOldest('nonces', 'signed_minute, access_key_id, nonce', 'expires_at');
const PRUNE_EMAIL_CHANGES = pruneOldest('email_changes', 'id', 'expires_at');
const PRUNE_HANDSHAKES = pruneOldest('handshakes', 'id', 'expires_at');
/** A message is done with once it is no longer pending; pending ones stay whatever their age. */
const OLD_MESSAGES = "SELECT id FROM outbox WHERE created_at < ? AND status <> 'pending' ORDER BY created_at LIMIT ?";
const PRUNE_ATTEMPTS = `DELETE FROM delivery_attempts WHERE message_id IN (${OLD_MESSAGES})`;
// A message whose attempts are still there (dealt with between the two statements, on PostgreSQL)
// waits for the next batch, which removes its attempts first: no attempt is ever left without its message.
const PRUNE_MESSAGES = `DELETE FROM outbox WHERE created_at < ? AND status <> 'pending' AND id IN (${OLD_MESSAGES})
  AND NOT EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = outbox.id)`;

export class SqlRetention implements RetentionStore {
  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
  ) {}

  async takeLease(job: string, holder: string, now: Date, until: Date): Promise<boolean> {
    return (await this.s.run(TAKE_LEASE, [job, holder, until.getTime(), now.getTime()])) === 1;
  }

  pruneCodes(expiredBefore: Date, limit: number): Promise<number> {
    return this.pruneOldest(PRUNE_CODES, expiredBefore.getTime(), limit);
  }

  pruneQuotaDays(day: string, limit: number): Promise<number> {
    return this.pruneOldest(PRUNE_QUOTA_DAYS, day, limit);
  }

  async pruneMessages(createdBefore: Date, limit: number): Promise<number> {
    const at = createdBefore.getTime();
    await this.s.run(PRUNE_ATTEMPTS, [at, limit]);
    return this.s.run(PRUNE_MESSAGES, [at, at, limit]);
  }

  pruneNonces(expiredBefore: Date, limit: number): Promise<number> {
    return this.pruneOldest(PRUNE_NONCES, expiredBefore.getTime(), limit);
  }

  pruneEmailChanges(expiredBefore: Date, limit: number): Promise<number> {
    return this.pruneOldest(PRUNE_EMAIL_CHANGES, expiredBefore.getTime(), limit);
  }

  pruneHandshakes(expiredBefore: Date, limit: number): Promise<number> {
    return this.pruneOldest(PRUNE_HANDSHAKES, expiredBefore.getTime(), limit);
  }

  async reclaimSpace(pages: number): Promise<number> {
    if (!this.d.reclaimSpace || !this.d.freePages) return 0;
    const free = await count(this.s, this.d.freePages, []);
    for (let page = 0; page < Math.min(pages, free); page++) await this.s.run(this.d.reclaimSpace);
    return count(this.s, this.d.freePages, []);
  }

  /** Runs a `pruneOldest` statement. */
  private pruneOldest(sql: string, cutoff: number | string, limit: number): Promise<number> {
    return this.s.run(sql, [cutoff, cutoff, limit]);
  }

  sizeBytes(): Promise<number> {
    return count(this.s, this.d.sizeBytes, []);
  }
}
