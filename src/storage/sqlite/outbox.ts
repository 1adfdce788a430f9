import type { Database, Statement } from 'better-sqlite3';
import type { MessageFilter, OutboxMessage } from '../../domain/messages/message.js';
import type { OutboxStore } from '../../domain/messages/store.js';
import { type OutboxRow, toMessage } from '../rows.js';

export class SqliteOutbox implements OutboxStore {
  private readonly enqueueStmt: Statement;
  private readonly listStmt: Statement<[{ phone: string | null; accountId: string | null; purpose: string | null; limit: number }], OutboxRow>;
  private readonly pendingStmt: Statement<[number], OutboxRow>;
  private readonly sentStmt: Statement;
  private readonly failedStmt: Statement;
  private readonly clearStmt: Statement<[]>;

  constructor(db: Database) {
    this.enqueueStmt = db.prepare(
      `INSERT INTO outbox (id, account_id, purpose, phone, code, validity_seconds, status, created_at, sent_at, sender)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.listStmt = db.prepare(
      `SELECT * FROM outbox
       WHERE (@phone IS NULL OR phone = @phone) AND (@accountId IS NULL OR account_id = @accountId) AND (@purpose IS NULL OR purpose = @purpose)
       ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
    );
    this.pendingStmt = db.prepare("SELECT * FROM outbox WHERE status = 'pending' ORDER BY created_at, rowid LIMIT ?");
    this.sentStmt = db.prepare(
      `UPDATE outbox SET status = 'sent', sender = @sender, sent_at = @at,
         code = CASE WHEN @mask = 1 THEN '******' ELSE code END
       WHERE id = @id AND status = 'pending'`,
    );
    this.failedStmt = db.prepare(
      `UPDATE outbox SET status = 'failed', sent_at = @at, code = CASE WHEN @mask = 1 THEN '******' ELSE code END
       WHERE id = @id AND status = 'pending'`,
    );
    this.clearStmt = db.prepare('DELETE FROM outbox');
  }

  async enqueue(m: OutboxMessage): Promise<void> {
    this.enqueueStmt.run(
      m.id, m.accountId, m.purpose, m.phone, m.code, m.validitySeconds, m.status, m.createdAt.getTime(), m.sentAt?.getTime() ?? null, m.sender,
    );
  }

  async list(filter: MessageFilter, limit: number): Promise<OutboxMessage[]> {
    return this.listStmt
      .all({ phone: filter.phone ?? null, accountId: filter.accountId ?? null, purpose: filter.purpose ?? null, limit })
      .map(toMessage);
  }

  async pending(limit: number): Promise<OutboxMessage[]> {
    return this.pendingStmt.all(limit).map(toMessage);
  }

  async markSent(id: string, sender: string, at: Date, maskCode: boolean): Promise<void> {
    this.sentStmt.run({ id, sender, at: at.getTime(), mask: maskCode ? 1 : 0 });
  }

  async markFailed(id: string, at: Date, maskCode: boolean): Promise<void> {
    this.failedStmt.run({ id, at: at.getTime(), mask: maskCode ? 1 : 0 });
  }

  async clear(): Promise<void> {
    this.clearStmt.run();
  }
}
