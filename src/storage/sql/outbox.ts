import type { DeliveryAttempt, MessageFilter, OutboxMessage } from '../../domain/messages/message.js';
import type { OutboxBacklog, OutboxHandoff, OutboxStore } from '../../domain/messages/store.js';

import { SecretBox } from '../secret-box.js';
import { type Dialect, perDialect } from './dialect.js';
import { type Row, type SqlSession, time, timeOrNull } from './session.js';

/**
 * `code` as stored: sealed (this release, both modes), the mask of a message dealt with in
 * production mode, or plain text written by an earlier release (sealed at the next start, see
 * sealLegacyOutbox; read as it is until then).
 */
const openCode = (box: SecretBox, stored: string): string => (SecretBox.isSealed(stored) ? box.open(stored) : stored);

const toMessage = (row: Row, box: SecretBox): OutboxMessage =>
  Object.assign(
    {},
    row.channel === 'email'
      ? { channel: 'email' as const, purpose: row.purpose, email: row.email }
      : { channel: 'sms' as const, purpose: row.purpose, phone: row.phone },
    {
      id: row.id,
      accountId: row.account_id,
      code: openCode(box, row.code),
      validitySeconds: row.validity_seconds,
      status: row.status,
      createdAt: time(row.created_at),
      sentAt: timeOrNull(row.sent_at),
      sender: row.sender,
      attempts: row.attempts,
      nextAttemptAt: time(row.next_attempt_at),
      providerMessageId: row.provider_message_id,
      deliveryStatus: row.delivery_status,
    },
  );

const toAttempt = (row: Row): DeliveryAttempt => ({
  messageId: row.message_id,
  round: row.round,
  sender: row.sender,
  outcome: row.outcome,
  providerMessageId: row.provider_message_id,
  error: row.error,
  at: time(row.at),
  ms: row.ms,
});

const COLUMNS =
  'id, channel, account_id, purpose, phone, email, code, validity_seconds, status, created_at, sent_at, sender, attempts, next_attempt_at, provider_message_id, delivery_status';
const ENQUEUE = `INSERT INTO outbox (${COLUMNS}, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** Newest first; messages of one millisecond in reverse insertion order. */
const LIST = perDialect(
  (d) => `SELECT ${COLUMNS} FROM outbox
    WHERE (CAST(? AS TEXT) IS NULL OR channel = ?) AND (CAST(? AS TEXT) IS NULL OR phone = ?) AND (CAST(? AS TEXT) IS NULL OR email = ?)
      AND (CAST(? AS TEXT) IS NULL OR account_id = ?) AND (CAST(? AS TEXT) IS NULL OR purpose = ?)
    ORDER BY created_at DESC, ${d.insertionOrder} DESC LIMIT ?`,
);
/**
 * Due, unleased pending messages, oldest first, leased and counted in one statement. The returned
 * rows carry their insertion order, since RETURNING keeps no order of its own.
 */
const CLAIM = perDialect(
  (d) => `UPDATE outbox SET lease_until = ?, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox
      WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
      ORDER BY next_attempt_at, ${d.insertionOrder} LIMIT ? ${d.skipLocked})
    RETURNING ${COLUMNS}, ${d.insertionOrder} AS insertion_order`,
);
/** Only while the lease taken is still the message's lease (or when no lease is given). */
const HELD = "status = 'pending' AND (CAST(? AS BIGINT) IS NULL OR lease_until = ?)";
/** `code` (an SMS code or an email's token) replaced with a mask once dealt with, when asked (production mode). */
const MASKED = "CASE WHEN ? = 1 THEN '******' ELSE code END";
const MARK_SENT = `UPDATE outbox SET status = 'sent', sender = ?, sent_at = ?, provider_message_id = ?, lease_until = NULL, code = ${MASKED}
  WHERE id = ? AND ${HELD}`;
const MARK_FAILED = `UPDATE outbox SET status = ?, sent_at = ?, lease_until = NULL, code = ${MASKED} WHERE id = ? AND ${HELD}`;
const RETRY_AT = `UPDATE outbox SET next_attempt_at = ?, lease_until = NULL WHERE id = ? AND ${HELD}`;
const RECORD_ATTEMPT = `INSERT INTO delivery_attempts (message_id, round, sender, outcome, provider_message_id, error, at, ms)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
/** Over the pending messages only, which the partial index `outbox_due` holds: cheap at every scrape. */
const BACKLOG = "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'";
const ATTEMPTS = perDialect((d) => `SELECT * FROM delivery_attempts WHERE message_id = ? ORDER BY at, ${d.insertionOrder}`);

/** A provider's delivery status ranked, so that reports arriving out of order only move a message forward. */
const rank = (value: string) =>
  `CASE ${value} WHEN 'accepted' THEN 1 WHEN 'scheduled' THEN 1 WHEN 'queued' THEN 2 WHEN 'sending' THEN 3 WHEN 'sent' THEN 4 ` +
  `WHEN 'delivered' THEN 5 WHEN 'undelivered' THEN 5 WHEN 'failed' THEN 5 WHEN 'read' THEN 6 ELSE 0 END`;
const SET_DELIVERY_STATUS = `UPDATE outbox SET delivery_status = ? WHERE provider_message_id = ?
  AND (delivery_status IS NULL OR ${rank('delivery_status')} < ${rank('CAST(? AS TEXT)')})`;

const held = (heldUntil: Date | undefined) => {
  const at = heldUntil?.getTime() ?? null;
  return [at, at];
};

/**
 * The outbox. Codes and tokens are sealed on the way in (AES-256-GCM, the outbox's own key) and
 * opened on the way out, in the memory of the process that reads them: the dispatcher that sends
 * them, or the inbox, which shows them in emulator mode only. Both modes seal: one code path, a
 * database copied off a developer's machine holds no live codes, and data written in emulator mode
 * stay safe if the same store is later run in production mode.
 */
export class SqlOutbox implements OutboxStore {
  private readonly toMessage = (row: Row) => toMessage(row, this.box);

  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
    private readonly box: SecretBox,
    private readonly handoff?: OutboxHandoff,
  ) {}

  async enqueue(queued: OutboxMessage): Promise<void> {
    // Handed over: stored as a claim would leave it (held, its first round counted), so that what
    // the dispatcher records applies, and so that nobody else takes it while it is in hand.
    const handoff = this.handoff;
    const leaseUntil = handoff && new Date(queued.nextAttemptAt.getTime() + handoff.leaseMs);
    const m = leaseUntil ? Object.assign({}, queued, { attempts: queued.attempts + 1 }) : queued;
    await this.s.later(ENQUEUE, [
      m.id,
      m.channel,
      m.accountId,
      m.purpose,
      m.channel === 'sms' ? m.phone : null,
      m.channel === 'email' ? m.email : null,
      this.box.seal(m.code),
      m.validitySeconds,
      m.status,
      m.createdAt.getTime(),
      m.sentAt?.getTime() ?? null,
      m.sender,
      m.attempts,
      m.nextAttemptAt.getTime(),
      m.providerMessageId,
      m.deliveryStatus,
      leaseUntil?.getTime() ?? null,
    ]);
    if (handoff && leaseUntil) this.s.afterCommit(() => handoff.take(m, leaseUntil));
  }

  async list(filter: MessageFilter, limit: number): Promise<OutboxMessage[]> {
    const both = (value: string | undefined) => [value ?? null, value ?? null];
    const params = [
      ...both(filter.channel),
      ...both(filter.phone),
      ...both(filter.email),
      ...both(filter.accountId),
      ...both(filter.purpose),
      limit,
    ];
    return (await this.s.all(LIST(this.d), params)).map(this.toMessage);
  }

  async claim(now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]> {
    const rows = await this.s.all(CLAIM(this.d), [leaseUntil.getTime(), now.getTime(), now.getTime(), limit]);
    rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.insertion_order - b.insertion_order);
    return rows.map(this.toMessage);
  }

  // The four writes of a round's outcome: nobody reads their answer (a lease another dispatcher took
  // over makes one change nothing, by design), so they are queued and, on PostgreSQL, the outcomes
  // the dispatcher records together travel with their COMMIT in one write.
  async markSent(
    id: string,
    sender: string,
    at: Date,
    maskCode: boolean,
    providerMessageId: string | null = null,
    heldUntil?: Date,
  ): Promise<void> {
    await this.s.later(MARK_SENT, [sender, at.getTime(), providerMessageId, maskCode ? 1 : 0, id, ...held(heldUntil)]);
  }

  async markFailed(id: string, at: Date, maskCode: boolean, status: 'failed' | 'abandoned' = 'failed', heldUntil?: Date): Promise<void> {
    await this.s.later(MARK_FAILED, [status, at.getTime(), maskCode ? 1 : 0, id, ...held(heldUntil)]);
  }

  async retryAt(id: string, at: Date, heldUntil?: Date): Promise<void> {
    await this.s.later(RETRY_AT, [at.getTime(), id, ...held(heldUntil)]);
  }

  async recordAttempt(a: DeliveryAttempt): Promise<void> {
    await this.s.later(RECORD_ATTEMPT, [a.messageId, a.round, a.sender, a.outcome, a.providerMessageId, a.error, a.at.getTime(), a.ms]);
  }

  async attempts(messageId: string): Promise<DeliveryAttempt[]> {
    return (await this.s.all(ATTEMPTS(this.d), [messageId])).map(toAttempt);
  }

  async setDeliveryStatus(providerMessageId: string, status: string): Promise<boolean> {
    return (await this.s.run(SET_DELIVERY_STATUS, [status, providerMessageId, status])) > 0;
  }

  async backlog(): Promise<OutboxBacklog> {
    const row = (await this.s.get(BACKLOG))!;
    return { pending: Number(row.n), oldestCreatedAt: timeOrNull(row.oldest === null ? null : Number(row.oldest)) };
  }

  async clear(): Promise<void> {
    await this.s.run('DELETE FROM delivery_attempts');
    await this.s.run('DELETE FROM outbox');
  }
}
