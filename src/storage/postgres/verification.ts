import type { CodePurpose, PhoneWindow, StoredCode, VerificationStore } from '../../domain/verification/store.js';
import type { TxContext } from './transactor.js';
import { type CodeRow, toCode } from '../rows.js';

export class PgVerification implements VerificationStore {
  constructor(private readonly tx: TxContext) {}

  async takeDailyQuota(accountId: string, purpose: CodePurpose, day: string, limit: number): Promise<boolean> {
    // The WHERE on the upsert is what makes the quota exact: the row only moves while below the
    // limit. Under READ COMMITTED a concurrent upsert waits for the row and re-checks the WHERE
    // against the committed count.
    const result = await this.tx.query(
      `INSERT INTO code_quota (account_id, purpose, day, sent) VALUES ($1, $2, $3, 1)
       ON CONFLICT (account_id, purpose, day) DO UPDATE SET sent = code_quota.sent + 1 WHERE code_quota.sent < $4`,
      [accountId, purpose, day, limit],
    );
    return result.rowCount === 1;
  }

  async putCode(c: StoredCode): Promise<void> {
    await this.tx.query(
      `INSERT INTO verification_codes (account_id, purpose, phone, id, code_hash, created_at, expires_at, attempts, consumed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (account_id, purpose, phone) DO UPDATE SET
         id = excluded.id, code_hash = excluded.code_hash, created_at = excluded.created_at,
         expires_at = excluded.expires_at, attempts = excluded.attempts, consumed_at = excluded.consumed_at`,
      [c.accountId, c.purpose, c.phone, c.id, c.codeHash, c.createdAt.getTime(), c.expiresAt.getTime(), c.attempts, c.consumedAt?.getTime() ?? null],
    );
  }

  async getCode(accountId: string, purpose: CodePurpose, phone: string): Promise<StoredCode | undefined> {
    const { rows } = await this.tx.query<CodeRow>('SELECT * FROM verification_codes WHERE account_id = $1 AND purpose = $2 AND phone = $3', [
      accountId, purpose, phone,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return toCode(row);
  }

  async hasLiveCodeForOtherPhone(accountId: string, purpose: CodePurpose, phone: string, now: Date): Promise<boolean> {
    const { rows } = await this.tx.query<{ live: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM verification_codes WHERE account_id = $1 AND purpose = $2 AND phone <> $3
         AND consumed_at IS NULL AND expires_at > $4) AS live`,
      [accountId, purpose, phone, now.getTime()],
    );
    return rows[0]!.live;
  }

  async takeTry(codeId: string, maxTries: number): Promise<boolean> {
    // Concurrent updates of the row queue on its lock and re-check `attempts < $2` on the newest version.
    const result = await this.tx.query('UPDATE verification_codes SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2', [codeId, maxTries]);
    return result.rowCount === 1;
  }

  async recordWrongTry(accountId: string, phone: string, at: Date): Promise<void> {
    await this.tx.query('INSERT INTO wrong_tries (account_id, phone, at) VALUES ($1, $2, $3)', [accountId, phone, at.getTime()]);
  }

  async countWrongTriesSince(accountId: string, phone: string, since: Date): Promise<number> {
    const { rows } = await this.tx.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM wrong_tries WHERE account_id = $1 AND phone = $2 AND at > $3', [
      accountId, phone, since.getTime(),
    ]);
    return rows[0]!.n;
  }

  async consume(codeId: string, at: Date): Promise<boolean> {
    const result = await this.tx.query('UPDATE verification_codes SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL', [at.getTime(), codeId]);
    return result.rowCount === 1;
  }

  // Production-mode protections: the same conditional upserts as takeDailyQuota, with the same
  // READ COMMITTED reasoning (a concurrent upsert waits for the row and re-checks the WHERE).
  async takePhoneWindow(phone: string, window: PhoneWindow, start: Date, limit: number): Promise<boolean> {
    // The first send of a window inserts 1 whatever the limit: a limit below 1 takes nothing.
    if (limit < 1) return false;
    const result = await this.tx.query(
      `INSERT INTO phone_send_windows (phone, kind, window_start, sent) VALUES ($1, $2, $3, 1)
       ON CONFLICT (phone, kind, window_start) DO UPDATE SET sent = phone_send_windows.sent + 1 WHERE phone_send_windows.sent < $4`,
      [phone, window, start.getTime(), limit],
    );
    return result.rowCount === 1;
  }

  async countrySends(countryCode: string, from: Date, to: Date): Promise<number> {
    const { rows } = await this.tx.query<{ n: number }>(
      'SELECT COALESCE(SUM(sent), 0)::int AS n FROM country_send_hours WHERE country_code = $1 AND hour_start >= $2 AND hour_start < $3',
      [countryCode, from.getTime(), to.getTime()],
    );
    return rows[0]!.n;
  }

  async takeCountrySend(countryCode: string, hour: Date, limit: number): Promise<boolean> {
    if (limit < 1) return false;
    const result = await this.tx.query(
      `INSERT INTO country_send_hours (country_code, hour_start, sent) VALUES ($1, $2, 1)
       ON CONFLICT (country_code, hour_start) DO UPDATE SET sent = country_send_hours.sent + 1 WHERE country_send_hours.sent < $3`,
      [countryCode, hour.getTime(), limit],
    );
    return result.rowCount === 1;
  }

  async pruneSendCounters(before: Date): Promise<number> {
    const phones = await this.tx.query('DELETE FROM phone_send_windows WHERE window_start < $1', [before.getTime()]);
    const countries = await this.tx.query('DELETE FROM country_send_hours WHERE hour_start < $1', [before.getTime()]);
    return (phones.rowCount ?? 0) + (countries.rowCount ?? 0);
  }
}
