import type { Database, Statement } from 'better-sqlite3';
import type { CodePurpose, PhoneWindow, StoredCode, VerificationStore } from '../../domain/verification/store.js';
import { type CodeRow, toCode } from '../rows.js';

export class SqliteVerification implements VerificationStore {
  private readonly quotaStmt: Statement;
  private readonly putStmt: Statement;
  private readonly getStmt: Statement<[string, string, string], CodeRow>;
  private readonly otherPhoneStmt: Statement<[string, string, string, number], number>;
  private readonly takeTryStmt: Statement<[string, number]>;
  private readonly insertWrongTry: Statement<[string, string, number]>;
  private readonly countWrongStmt: Statement<[string, string, number], number>;
  private readonly consumeStmt: Statement<[number, string]>;
  private readonly phoneWindowStmt: Statement;
  private readonly countrySendsStmt: Statement<[string, number, number], number>;
  private readonly countrySendStmt: Statement;
  private readonly prunePhoneStmt: Statement<[number]>;
  private readonly pruneCountryStmt: Statement<[number]>;

  constructor(db: Database) {
    // The WHERE on the upsert is what makes the quota exact: the row only moves while below the limit.
    this.quotaStmt = db.prepare(
      `INSERT INTO code_quota (account_id, purpose, day, sent) VALUES (@accountId, @purpose, @day, 1)
       ON CONFLICT (account_id, purpose, day) DO UPDATE SET sent = sent + 1 WHERE sent < @limit`,
    );
    this.putStmt = db.prepare(
      `INSERT INTO verification_codes (account_id, purpose, phone, id, code_hash, created_at, expires_at, attempts, consumed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, purpose, phone) DO UPDATE SET
         id = excluded.id, code_hash = excluded.code_hash, created_at = excluded.created_at,
         expires_at = excluded.expires_at, attempts = excluded.attempts, consumed_at = excluded.consumed_at`,
    );
    this.getStmt = db.prepare('SELECT * FROM verification_codes WHERE account_id = ? AND purpose = ? AND phone = ?');
    this.otherPhoneStmt = db
      .prepare<[string, string, string, number], number>(
        `SELECT EXISTS (SELECT 1 FROM verification_codes WHERE account_id = ? AND purpose = ? AND phone <> ?
           AND consumed_at IS NULL AND expires_at > ?)`,
      )
      .pluck();
    this.takeTryStmt = db.prepare('UPDATE verification_codes SET attempts = attempts + 1 WHERE id = ? AND attempts < ?');
    this.insertWrongTry = db.prepare('INSERT INTO wrong_tries (account_id, phone, at) VALUES (?, ?, ?)');
    this.countWrongStmt = db.prepare<[string, string, number], number>('SELECT COUNT(*) FROM wrong_tries WHERE account_id = ? AND phone = ? AND at > ?').pluck();
    this.consumeStmt = db.prepare('UPDATE verification_codes SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL');
    // Production-mode protections: the same conditional upsert as the daily quota.
    this.phoneWindowStmt = db.prepare(
      `INSERT INTO phone_send_windows (phone, kind, window_start, sent) VALUES (@phone, @kind, @start, 1)
       ON CONFLICT (phone, kind, window_start) DO UPDATE SET sent = sent + 1 WHERE sent < @limit`,
    );
    this.countrySendsStmt = db
      .prepare<[string, number, number], number>(
        'SELECT COALESCE(SUM(sent), 0) FROM country_send_hours WHERE country_code = ? AND hour_start >= ? AND hour_start < ?',
      )
      .pluck();
    this.countrySendStmt = db.prepare(
      `INSERT INTO country_send_hours (country_code, hour_start, sent) VALUES (@countryCode, @hour, 1)
       ON CONFLICT (country_code, hour_start) DO UPDATE SET sent = sent + 1 WHERE sent < @limit`,
    );
    this.prunePhoneStmt = db.prepare('DELETE FROM phone_send_windows WHERE window_start < ?');
    this.pruneCountryStmt = db.prepare('DELETE FROM country_send_hours WHERE hour_start < ?');
  }

  async takeDailyQuota(accountId: string, purpose: CodePurpose, day: string, limit: number): Promise<boolean> {
    return this.quotaStmt.run({ accountId, purpose, day, limit }).changes === 1;
  }

  async putCode(c: StoredCode): Promise<void> {
    this.putStmt.run(
      c.accountId, c.purpose, c.phone, c.id, c.codeHash, c.createdAt.getTime(), c.expiresAt.getTime(), c.attempts,
      c.consumedAt?.getTime() ?? null,
    );
  }

  async getCode(accountId: string, purpose: CodePurpose, phone: string): Promise<StoredCode | undefined> {
    const row = this.getStmt.get(accountId, purpose, phone);
    if (!row) return undefined;
    return toCode(row);
  }

  async hasLiveCodeForOtherPhone(accountId: string, purpose: CodePurpose, phone: string, now: Date): Promise<boolean> {
    return this.otherPhoneStmt.get(accountId, purpose, phone, now.getTime()) === 1;
  }

  async takeTry(codeId: string, maxTries: number): Promise<boolean> {
    return this.takeTryStmt.run(codeId, maxTries).changes === 1;
  }

  async recordWrongTry(accountId: string, phone: string, at: Date): Promise<void> {
    this.insertWrongTry.run(accountId, phone, at.getTime());
  }

  async countWrongTriesSince(accountId: string, phone: string, since: Date): Promise<number> {
    return this.countWrongStmt.get(accountId, phone, since.getTime())!;
  }

  async consume(codeId: string, at: Date): Promise<boolean> {
    return this.consumeStmt.run(at.getTime(), codeId).changes === 1;
  }

  async takePhoneWindow(phone: string, window: PhoneWindow, start: Date, limit: number): Promise<boolean> {
    // The first send of a window inserts 1 whatever the limit: a limit below 1 takes nothing.
    if (limit < 1) return false;
    return this.phoneWindowStmt.run({ phone, kind: window, start: start.getTime(), limit }).changes === 1;
  }

  async countrySends(countryCode: string, from: Date, to: Date): Promise<number> {
    return this.countrySendsStmt.get(countryCode, from.getTime(), to.getTime())!;
  }

  async takeCountrySend(countryCode: string, hour: Date, limit: number): Promise<boolean> {
    if (limit < 1) return false;
    return this.countrySendStmt.run({ countryCode, hour: hour.getTime(), limit }).changes === 1;
  }

  async pruneSendCounters(before: Date): Promise<number> {
    return this.prunePhoneStmt.run(before.getTime()).changes + this.pruneCountryStmt.run(before.getTime()).changes;
  }
}
