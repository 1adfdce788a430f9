import type { DeliveryAttempt, MessageFilter, OutboxMessage } from './message.js';

export interface OutboxStore {
  /**
   * Queues a message. When the store was opened with a handoff, the message is inserted already
   * held by this instance's dispatcher for its first round, and handed to it once the transaction
   * is durably committed (never when the transaction, or the savepoint that queued it, fails).
   */
  enqueue(message: OutboxMessage): Promise<void>;
  /** Newest first. */
  list(filter: MessageFilter, limit: number): Promise<OutboxMessage[]>;
  /**
   * Takes up to `limit` pending messages that are due and not held by another dispatcher, oldest
   * first, holds them until `leaseUntil` and counts a delivery round on each. Across instances a
   * message is held by one dispatcher at a time; a crashed holder's lease simply runs out.
   */
  claim(now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]>;
  /**
   * `maskCode` replaces the code with a mask, so the store no longer holds it once it is dealt with.
   * `heldUntil`, the lease the dispatcher took, makes the update apply only while it still holds the
   * message: a dispatcher whose lease ran out must not overwrite the work of the one that took over.
   */
  markSent(id: string, sender: string, at: Date, maskCode: boolean, providerMessageId?: string | null, heldUntil?: Date): Promise<void>;
  markFailed(id: string, at: Date, maskCode: boolean, status?: 'failed' | 'abandoned', heldUntil?: Date): Promise<void>;
  /** Releases the message for another round at `at`. */
  retryAt(id: string, at: Date, heldUntil?: Date): Promise<void>;
  recordAttempt(attempt: DeliveryAttempt): Promise<void>;
  /** Oldest first. */
  attempts(messageId: string): Promise<DeliveryAttempt[]>;
  /**
   * Applies a provider's later report if it is newer than the one kept (queued < sending < sent <
   * delivered, undelivered or failed < read); false when nothing changed.
   */
  setDeliveryStatus(providerMessageId: string, status: string): Promise<boolean>;
  /** How many messages are pending (leased or waiting for a round included), and when the oldest was queued. */
  backlog(): Promise<OutboxBacklog>;
  clear(): Promise<void>;
}

export interface OutboxBacklog {
  readonly pending: number;
  /** Null when nothing is pending. */
  readonly oldestCreatedAt: Date | null;
}

/**
 * This instance's dispatcher, when it delivers: the store hands it each message as soon as the
 * message is durably queued, so no poll waits and no claim reads the message back. The message is
 * stored held until `leaseUntil` with its first round counted, as a claim would leave it; should the
 * dispatcher not deliver it (it is stopping, it has too many in hand, the process dies), the lease
 * runs out and any dispatcher claims it as usual. `take` must not throw.
 */
export interface OutboxHandoff {
  /** How long a handed message stays held (CANOPY_SMS_LEASE_MS). */
  readonly leaseMs: number;
  /** `message` as stored: its first round counted. */
  take(message: OutboxMessage, leaseUntil: Date): void;
}
