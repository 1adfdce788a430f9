import type { EmailChange, EmailChangeStore } from '../../domain/directory/email-change-store.js';
import { type Dialect, perDialect } from './dialect.js';
import { type Row, type SqlSession, time, timeOrNull } from './session.js';

const toChange = (row: Row): EmailChange => ({
  id: row.id,
  accountId: row.account_id,
  email: row.email,
  state: row.state,
  tokenHash: row.token_hash,
  createdAt: time(row.created_at),
  sentAt: time(row.sent_at),
  expiresAt: time(row.expires_at),
  endedAt: timeOrNull(row.ended_at),
});

const COLUMNS = 'id, account_id, email, state, token_hash, created_at, sent_at, expires_at, ended_at';
// A concurrent insert for the same account (PostgreSQL) waits for the other transaction, then does nothing.
const INSERT = `INSERT INTO email_changes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (account_id) WHERE state = 'pending' DO NOTHING`;
const EXPIRE = `UPDATE email_changes SET state = 'expired', ended_at = expires_at
  WHERE account_id = ? AND state = 'pending' AND expires_at <= ?`;
const PENDING = `SELECT ${COLUMNS} FROM email_changes WHERE account_id = ? AND state = 'pending'`;
/** Changes of one millisecond (a cancel and a new change) in insertion order. */
const LATEST = perDialect(
  (d) => `SELECT ${COLUMNS} FROM email_changes WHERE account_id = ? ORDER BY created_at DESC, ${d.insertionOrder} DESC LIMIT 1`,
);
// Of two concurrent writers the second waits for the row (PostgreSQL), re-reads it, finds it no
// longer pending and changes nothing: exactly one wins.
const RENEW = `UPDATE email_changes SET token_hash = ?, sent_at = ?, expires_at = ?
  WHERE id = ? AND state = 'pending' AND expires_at > ?`;
const END = "UPDATE email_changes SET state = ?, ended_at = ? WHERE id = ? AND state = 'pending' AND expires_at > ?";

export class SqlEmailChanges implements EmailChangeStore {
  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
  ) {}

  async insertPending(c: EmailChange): Promise<boolean> {
    const values = [
      c.id,
      c.accountId,
      c.email,
      c.state,
      c.tokenHash,
      c.createdAt.getTime(),
      c.sentAt.getTime(),
      c.expiresAt.getTime(),
      c.endedAt?.getTime() ?? null,
    ];
    return (await this.s.run(INSERT, values)) === 1;
  }

  async expireDue(accountId: string, now: Date): Promise<void> {
    await this.s.run(EXPIRE, [accountId, now.getTime()]);
  }

  async pending(accountId: string): Promise<EmailChange | undefined> {
    const row = await this.s.get(PENDING, [accountId]);
    return row && toChange(row);
  }

  async latest(accountId: string): Promise<EmailChange | undefined> {
    const row = await this.s.get(LATEST(this.d), [accountId]);
    return row && toChange(row);
  }

  async findByTokenHash(tokenHash: string): Promise<EmailChange | undefined> {
    const row = await this.s.get(`SELECT ${COLUMNS} FROM email_changes WHERE token_hash = ?`, [tokenHash]);
    return row && toChange(row);
  }

  async renew(id: string, tokenHash: string, sentAt: Date, expiresAt: Date): Promise<boolean> {
    return (await this.s.run(RENEW, [tokenHash, sentAt.getTime(), expiresAt.getTime(), id, sentAt.getTime()])) === 1;
  }

  async end(id: string, state: 'confirmed' | 'cancelled', at: Date): Promise<boolean> {
    return (await this.s.run(END, [state, at.getTime(), id, at.getTime()])) === 1;
  }
}
