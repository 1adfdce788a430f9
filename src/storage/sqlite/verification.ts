import type { Database, Statement } from 'better-sqlite3';
import type { CodePurpose, StoredCode, VerificationStore } from '../../domain/verification/store.js';
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
}
