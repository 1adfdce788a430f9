import type { DeliveryAttempt, MessageFilter, OutboxMessage } from '../../domain/messages/message.js';
import type { OutboxStore } from '../../domain/messages/store.js';
import type { TxContext } from './transactor.js';
import { type AttemptRow, type OutboxRow, statusRank, toAttempt, toMessage } from '../rows.js';

const COLUMNS =
  'id, account_id, purpose, phone, code, validity_seconds, status, created_at, sent_at, sender, attempts, next_attempt_at, provider_message_id, delivery_status';
/** Only while the lease taken is still the message's lease (or when no lease is given). */
const HELD = (param: string) => `(${param}::bigint IS NULL OR lease_until = ${param}::bigint)`;
const MASKED = (param: string) => `CASE WHEN ${param}::boolean THEN '******' ELSE code END`;

export class PgOutbox implements OutboxStore {
  constructor(private readonly tx: TxContext) {}

  async enqueue(m: OutboxMessage): Promise<void> {
    await this.tx.query(`INSERT INTO outbox (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, [
      m.id, m.accountId, m.purpose, m.phone, m.code, m.validitySeconds, m.status, m.createdAt.getTime(), m.sentAt?.getTime() ?? null, m.sender,
      m.attempts, m.nextAttemptAt.getTime(), m.providerMessageId, m.deliveryStatus,
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

  async claim(now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]> {
    // SKIP LOCKED: dispatchers on other instances take other messages instead of waiting for these.
    const { rows } = await this.tx.query<OutboxRow>(
      `UPDATE outbox SET lease_until = $2, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY next_attempt_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}, seq`,
      [now.getTime(), leaseUntil.getTime(), limit],
    );
    return rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || Number((a as { seq?: number }).seq) - Number((b as { seq?: number }).seq)).map(toMessage);
  }

  async markSent(id: string, sender: string, at: Date, maskCode: boolean, providerMessageId: string | null = null, heldUntil?: Date): Promise<void> {
    await this.tx.query(
      `UPDATE outbox SET status = 'sent', sender = $2, sent_at = $3, provider_message_id = $5, lease_until = NULL, code = ${MASKED('$4')}
       WHERE id = $1 AND status = 'pending' AND ${HELD('$6')}`,
      [id, sender, at.getTime(), maskCode, providerMessageId, heldUntil?.getTime() ?? null],
    );
  }

  async markFailed(id: string, at: Date, maskCode: boolean, status: 'failed' | 'abandoned' = 'failed', heldUntil?: Date): Promise<void> {
    await this.tx.query(
      `UPDATE outbox SET status = $4, sent_at = $2, lease_until = NULL, code = ${MASKED('$3')}
       WHERE id = $1 AND status = 'pending' AND ${HELD('$5')}`,
      [id, at.getTime(), maskCode, status, heldUntil?.getTime() ?? null],
    );
  }

  async retryAt(id: string, at: Date, heldUntil?: Date): Promise<void> {
    await this.tx.query(
      `UPDATE outbox SET next_attempt_at = $2, lease_until = NULL WHERE id = $1 AND status = 'pending' AND ${HELD('$3')}`,
      [id, at.getTime(), heldUntil?.getTime() ?? null],
    );
  }

  async recordAttempt(a: DeliveryAttempt): Promise<void> {
    await this.tx.query(
      `INSERT INTO delivery_attempts (message_id, round, sender, outcome, provider_message_id, error, at, ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [a.messageId, a.round, a.sender, a.outcome, a.providerMessageId, a.error, a.at.getTime(), a.ms],
    );
  }

  async attempts(messageId: string): Promise<DeliveryAttempt[]> {
    const { rows } = await this.tx.query<AttemptRow>('SELECT * FROM delivery_attempts WHERE message_id = $1 ORDER BY at, seq', [messageId]);
    return rows.map(toAttempt);
  }

  async setDeliveryStatus(providerMessageId: string, status: string): Promise<boolean> {
    // Callbacks arrive out of order: a status only ever moves forward (a late `sent` never hides `delivered`).
    const { rowCount } = await this.tx.query(
      `UPDATE outbox SET delivery_status = $2 WHERE provider_message_id = $1
       AND (delivery_status IS NULL OR ${statusRank('delivery_status')} < ${statusRank('$2::text')})`,
      [providerMessageId, status],
    );
    return (rowCount ?? 0) > 0;
  }

  async clear(): Promise<void> {
    await this.tx.query('DELETE FROM delivery_attempts');
    await this.tx.query('DELETE FROM outbox');
  }
}
