import type { Database, Statement } from 'better-sqlite3';
import type { DeliveryAttempt, MessageFilter, OutboxMessage } from '../../domain/messages/message.js';
import type { OutboxStore } from '../../domain/messages/store.js';
import { type AttemptRow, type OutboxRow, statusRank, toAttempt, toMessage } from '../rows.js';

const MASKED = `CASE WHEN @mask = 1 THEN '******' ELSE code END`;

export class SqliteOutbox implements OutboxStore {
  private readonly enqueueStmt: Statement;
  private readonly listStmt: Statement<[{ phone: string | null; accountId: string | null; purpose: string | null; limit: number }], OutboxRow>;
  private readonly dueStmt: Statement<[{ now: number; limit: number }], OutboxRow>;
  private readonly leaseStmt: Statement<[{ id: string; leaseUntil: number }]>;
  private readonly sentStmt: Statement;
  private readonly failedStmt: Statement;
  private readonly retryStmt: Statement<[{ id: string; at: number; heldUntil: number | null }]>;
  private readonly attemptStmt: Statement;
  private readonly attemptsStmt: Statement<[string], AttemptRow>;
  private readonly statusStmt: Statement<[{ providerMessageId: string; status: string }]>;
  private readonly clearStmts: Statement<[]>[];

  constructor(db: Database) {
    this.enqueueStmt = db.prepare(
      `INSERT INTO outbox (id, account_id, purpose, phone, code, validity_seconds, status, created_at, sent_at, sender,
         attempts, next_attempt_at, provider_message_id, delivery_status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.listStmt = db.prepare(
      `SELECT * FROM outbox
       WHERE (@phone IS NULL OR phone = @phone) AND (@accountId IS NULL OR account_id = @accountId) AND (@purpose IS NULL OR purpose = @purpose)
       ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
    );
    // One writer at a time in SQLite: selecting and leasing in one transaction is already exclusive.
    this.dueStmt = db.prepare(
      `SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
       ORDER BY next_attempt_at, rowid LIMIT @limit`,
    );
    this.leaseStmt = db.prepare('UPDATE outbox SET lease_until = @leaseUntil, attempts = attempts + 1 WHERE id = @id');
    this.sentStmt = db.prepare(
      `UPDATE outbox SET status = 'sent', sender = @sender, sent_at = @at, provider_message_id = @providerMessageId,
         lease_until = NULL, code = ${MASKED}
       WHERE id = @id AND status = 'pending' AND (@heldUntil IS NULL OR lease_until = @heldUntil)`,
    );
    this.failedStmt = db.prepare(
      `UPDATE outbox SET status = @status, sent_at = @at, lease_until = NULL, code = ${MASKED}
       WHERE id = @id AND status = 'pending' AND (@heldUntil IS NULL OR lease_until = @heldUntil)`,
    );
    this.retryStmt = db.prepare(
      "UPDATE outbox SET next_attempt_at = @at, lease_until = NULL WHERE id = @id AND status = 'pending' AND (@heldUntil IS NULL OR lease_until = @heldUntil)",
    );
    this.attemptStmt = db.prepare(
      `INSERT INTO delivery_attempts (message_id, round, sender, outcome, provider_message_id, error, at, ms)
       VALUES (@messageId, @round, @sender, @outcome, @providerMessageId, @error, @at, @ms)`,
    );
    this.attemptsStmt = db.prepare('SELECT * FROM delivery_attempts WHERE message_id = ? ORDER BY at, rowid');
    // Callbacks arrive out of order: a status only ever moves forward (a late `sent` never hides `delivered`).
    this.statusStmt = db.prepare(
      `UPDATE outbox SET delivery_status = @status WHERE provider_message_id = @providerMessageId
       AND (delivery_status IS NULL OR ${statusRank('delivery_status')} < ${statusRank('@status')})`,
    );
    this.clearStmts = [db.prepare('DELETE FROM delivery_attempts'), db.prepare('DELETE FROM outbox')];
  }

  async enqueue(m: OutboxMessage): Promise<void> {
    this.enqueueStmt.run(
      m.id, m.accountId, m.purpose, m.phone, m.code, m.validitySeconds, m.status, m.createdAt.getTime(), m.sentAt?.getTime() ?? null, m.sender,
      m.attempts, m.nextAttemptAt.getTime(), m.providerMessageId, m.deliveryStatus,
    );
  }

  async list(filter: MessageFilter, limit: number): Promise<OutboxMessage[]> {
    return this.listStmt
      .all({ phone: filter.phone ?? null, accountId: filter.accountId ?? null, purpose: filter.purpose ?? null, limit })
      .map(toMessage);
  }

  async claim(now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]> {
    const due = this.dueStmt.all({ now: now.getTime(), limit });
    for (const row of due) this.leaseStmt.run({ id: row.id, leaseUntil: leaseUntil.getTime() });
    return due.map((row) => toMessage({ ...row, attempts: row.attempts + 1 }));
  }

  async markSent(id: string, sender: string, at: Date, maskCode: boolean, providerMessageId: string | null = null, heldUntil?: Date): Promise<void> {
    this.sentStmt.run({ id, sender, at: at.getTime(), mask: maskCode ? 1 : 0, providerMessageId, heldUntil: heldUntil?.getTime() ?? null });
  }

  async markFailed(id: string, at: Date, maskCode: boolean, status: 'failed' | 'abandoned' = 'failed', heldUntil?: Date): Promise<void> {
    this.failedStmt.run({ id, at: at.getTime(), mask: maskCode ? 1 : 0, status, heldUntil: heldUntil?.getTime() ?? null });
  }

  async retryAt(id: string, at: Date, heldUntil?: Date): Promise<void> {
    this.retryStmt.run({ id, at: at.getTime(), heldUntil: heldUntil?.getTime() ?? null });
  }

  async recordAttempt(a: DeliveryAttempt): Promise<void> {
    this.attemptStmt.run({ ...a, at: a.at.getTime() });
  }

  async attempts(messageId: string): Promise<DeliveryAttempt[]> {
    return this.attemptsStmt.all(messageId).map(toAttempt);
  }

  async setDeliveryStatus(providerMessageId: string, status: string): Promise<boolean> {
    return this.statusStmt.run({ providerMessageId, status }).changes > 0;
  }

  async clear(): Promise<void> {
    for (const statement of this.clearStmts) statement.run();
  }
}
