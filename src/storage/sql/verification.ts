import type { CodePurpose, PhoneWindow, QuotaPurpose, StoredCode, VerificationStore } from '../../domain/verification/store.js';
import { pruneOldest } from './retention.js';
import { count, exists, type Row, type SqlSession, time, timeOrNull } from './session.js';

const toCode = (row: Row): StoredCode => ({
  id: row.id,
  accountId: row.account_id,
  purpose: row.purpose,
  phone: row.phone,
  codeHash: row.code_hash,
  createdAt: time(row.created_at),
  expiresAt: time(row.expires_at),
  attempts: row.attempts,
  consumedAt: timeOrNull(row.consumed_at),
});

/**
 * The counters (daily quota, phone windows, country hours, wrong-try budget) are conditional upserts: the row only
 * moves while below the limit, and the changed-row count says whether the send was counted. On
 * PostgreSQL a concurrent upsert waits for the row and re-checks the WHERE against the committed
 * count, so the limit is exact across instances.
 */
const upsertCounter = (table: string, key: string) => {
  const columns = key.split(', ');
  return `INSERT INTO ${table} (${key}, sent) VALUES (${columns.map(() => '?').join(', ')}, 1)
    ON CONFLICT (${key}) DO UPDATE SET sent = ${table}.sent + 1 WHERE ${table}.sent < ?`;
};
const TAKE_QUOTA = upsertCounter('code_quota', 'account_id, purpose, day');
const TAKE_PHONE_WINDOW = upsertCounter('phone_send_windows', 'phone, kind, window_start');
const TAKE_COUNTRY_SEND = upsertCounter('country_send_hours', 'country_code, hour_start');

// Send counters by the start of their window (a wrong-try budget that started a new window meanwhile
// on PostgreSQL is checked again by the outer WHERE, and stays).
const PRUNE_COUNTERS = [
  pruneOldest('phone_send_windows', 'phone, kind, window_start', 'window_start'),
  pruneOldest('country_send_hours', 'country_code, hour_start', 'hour_start'),
  pruneOldest('wrong_try_budgets', 'account_id, phone', 'window_start'),
];

const PUT_CODE = `INSERT INTO verification_codes (account_id, purpose, phone, id, code_hash, created_at, expires_at, attempts, consumed_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (account_id, purpose, phone) DO UPDATE SET
    id = excluded.id, code_hash = excluded.code_hash, created_at = excluded.created_at,
    expires_at = excluded.expires_at, attempts = excluded.attempts, consumed_at = excluded.consumed_at`;
const LIVE_FOR_OTHER_PHONE = `SELECT 1 AS found FROM verification_codes
  WHERE account_id = ? AND purpose = ? AND phone <> ? AND consumed_at IS NULL AND expires_at > ?`;
// Concurrent updates of the row queue on its lock (PostgreSQL) and re-check the WHERE on the newest
// version: tries left, and not used meanwhile by a right guess.
const TAKE_TRY = `UPDATE verification_codes SET attempts = attempts + 1
  WHERE id = ? AND attempts < ? AND consumed_at IS NULL AND expires_at > ?`;
/**
 * The wrong-try budget, a counter like the quotas: a window that has passed (it started at or before
 * the cutoff) starts again with this try, else the try is counted only while the window has room.
 * SET reads the row as it was, on both engines, so both CASEs test the old window.
 */
const TAKE_WRONG_TRY = `INSERT INTO wrong_try_budgets (account_id, phone, window_start, used) VALUES (?, ?, ?, 1)
  ON CONFLICT (account_id, phone) DO UPDATE SET
    window_start = CASE WHEN wrong_try_budgets.window_start <= ? THEN excluded.window_start ELSE wrong_try_budgets.window_start END,
    used = CASE WHEN wrong_try_budgets.window_start <= ? THEN 1 ELSE wrong_try_budgets.used + 1 END
  WHERE wrong_try_budgets.window_start <= ? OR wrong_try_budgets.used < ?`;
// A window emptied again had only this try: it is no window (0 has always passed), so the next wrong
// try starts one, as if this right guess had never reserved.
const RETURN_WRONG_TRY = `UPDATE wrong_try_budgets SET used = used - 1, window_start = CASE WHEN used = 1 THEN 0 ELSE window_start END
  WHERE account_id = ? AND phone = ? AND used > 0`;
const COUNTRY_SENDS =
  'SELECT COALESCE(SUM(sent), 0) AS n FROM country_send_hours WHERE country_code = ? AND hour_start >= ? AND hour_start < ?';

export class SqlVerification implements VerificationStore {
  constructor(private readonly s: SqlSession) {}

  async takeDailyQuota(accountId: string, purpose: QuotaPurpose, day: string, limit: number): Promise<boolean> {
    return (await this.s.run(TAKE_QUOTA, [accountId, purpose, day, limit])) === 1;
  }

  async putCode(c: StoredCode): Promise<void> {
    const values = [
      c.accountId,
      c.purpose,
      c.phone,
      c.id,
      c.codeHash,
      c.createdAt.getTime(),
      c.expiresAt.getTime(),
      c.attempts,
      c.consumedAt?.getTime() ?? null,
    ];
    await this.s.later(PUT_CODE, values);
  }

  async getCode(accountId: string, purpose: CodePurpose, phone: string): Promise<StoredCode | undefined> {
    const row = await this.s.get('SELECT * FROM verification_codes WHERE account_id = ? AND purpose = ? AND phone = ?', [
      accountId,
      purpose,
      phone,
    ]);
    return row && toCode(row);
  }

  async liveHolders(purpose: CodePurpose, phone: string, now: Date): Promise<string[]> {
    const sql = `SELECT account_id FROM verification_codes
      WHERE purpose = ? AND phone = ? AND consumed_at IS NULL AND expires_at > ? ORDER BY account_id`;
    return (await this.s.all(sql, [purpose, phone, now.getTime()])).map((row) => row.account_id as string);
  }

  async hasLiveCodeForOtherPhone(accountId: string, purpose: CodePurpose, phone: string, now: Date): Promise<boolean> {
    return exists(this.s, LIVE_FOR_OTHER_PHONE, [accountId, purpose, phone, now.getTime()]);
  }

  async takeTry(codeId: string, maxTries: number, now: Date): Promise<boolean> {
    return (await this.s.run(TAKE_TRY, [codeId, maxTries, now.getTime()])) === 1;
  }

  async takeWrongTry(accountId: string, phone: string, now: Date, windowMs: number, limit: number): Promise<boolean> {
    // The first try of a window inserts 1 whatever the limit: a limit below 1 takes nothing.
    if (limit < 1) return false;
    const cutoff = now.getTime() - windowMs;
    return (await this.s.run(TAKE_WRONG_TRY, [accountId, phone, now.getTime(), cutoff, cutoff, cutoff, limit])) === 1;
  }

  async returnWrongTry(accountId: string, phone: string): Promise<void> {
    await this.s.run(RETURN_WRONG_TRY, [accountId, phone]);
  }

  async consume(codeId: string, at: Date): Promise<boolean> {
    return (
      (await this.s.run('UPDATE verification_codes SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL', [at.getTime(), codeId])) === 1
    );
  }

  async takePhoneWindow(phone: string, window: PhoneWindow, start: Date, limit: number): Promise<boolean> {
    // The first send of a window inserts 1 whatever the limit: a limit below 1 takes nothing.
    if (limit < 1) return false;
    return (await this.s.run(TAKE_PHONE_WINDOW, [phone, window, start.getTime(), limit])) === 1;
  }

  async countrySends(countryCode: string, from: Date, to: Date): Promise<number> {
    return count(this.s, COUNTRY_SENDS, [countryCode, from.getTime(), to.getTime()]);
  }

  async takeCountrySend(countryCode: string, hour: Date, limit: number): Promise<boolean> {
    if (limit < 1) return false;
    return (await this.s.run(TAKE_COUNTRY_SEND, [countryCode, hour.getTime(), limit])) === 1;
  }

  async pruneSendCounters(before: Date, limit: number): Promise<number> {
    let removed = 0;
    for (const sql of PRUNE_COUNTERS) {
      if (removed >= limit) break;
      removed += await this.s.run(sql, [before.getTime(), before.getTime(), limit - removed]);
    }
    return removed;
  }
}
