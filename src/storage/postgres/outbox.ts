import type { MessageFilter, OutboxMessage } from '../../domain/messages/message.js';
import type { OutboxStore } from '../../domain/messages/store.js';
import type { TxContext } from './transactor.js';
import { type OutboxRow, toMessage } from '../rows.js';

const COLUMNS = 'id, account_id, purpose, phone, code, validity_seconds, status, created_at, sent_at, sender';

export class PgOutbox implements OutboxStore {
  constructor(private readonly tx: TxContext) {}

  async enqueue(m: OutboxMessage): Promise<void> {
    await this.tx.query(`INSERT INTO outbox (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
      m.id, m.accountId, m.purpose, m.phone, m.code, m.validitySeconds, m.status, m.createdAt.getTime(), m.sentAt?.getTime() ?? null, m.sender,
    ]);
  }

  async list(filter: MessageFilter, limit: number): Promise<OutboxMessage[]> {
    // `seq` breaks ties between messages of the same millisecond, newest first, as rowid does in SQLite.
    const { rows } = await this.tx.query<OutboxRow>(
      `SELECT ${COLUMNS} FROM outbox
       WHERE ($1::text IS NULL OR phone = $1) AND ($2::text IS NULL OR account_id = $2) AND ($3::text IS NULL OR purpose = $3)
       ORDER BY created_at DESC, seq DESC LIMIT $4`,
      [filter.phone ?? null, filter.accountId ?? null, filter.purpose ?? null, limit],
    );
    return rows.map(toMessage);
  }

  async pending(limit: number): Promise<OutboxMessage[]> {
    const { rows } = await this.tx.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE status = 'pending' ORDER BY created_at, seq LIMIT $1`, [limit]);
    return rows.map(toMessage);
  }

  async markSent(id: string, sender: string, at: Date, maskCode: boolean): Promise<void> {
    await this.tx.query(
      `UPDATE outbox SET status = 'sent', sender = $2, sent_at = $3, code = CASE WHEN $4::boolean THEN '******' ELSE code END
       WHERE id = $1 AND status = 'pending'`,
      [id, sender, at.getTime(), maskCode],
    );
  }

  async markFailed(id: string, at: Date, maskCode: boolean): Promise<void> {
    await this.tx.query(
      `UPDATE outbox SET status = 'failed', sent_at = $2, code = CASE WHEN $3::boolean THEN '******' ELSE code END
       WHERE id = $1 AND status = 'pending'`,
      [id, at.getTime(), maskCode],
    );
  }

  async clear(): Promise<void> {
    await this.tx.query('DELETE FROM outbox');
  }
}
