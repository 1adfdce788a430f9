import type { CodePurpose } from '../verification/store.js';

/**
 * `pending` until a sender accepts it (`sent`); `failed` when every sender refused it for good
 * (a bad number, say); `abandoned` when retries ran out while providers kept failing.
 */
export type MessageStatus = 'pending' | 'sent' | 'failed' | 'abandoned';

/** An SMS waiting in, or delivered from, the outbox. */
export interface OutboxMessage {
  readonly id: string;
  readonly accountId: string;
  readonly purpose: CodePurpose;
  readonly phone: string;
  /** The only place the plain code lives. In production mode it is masked once dealt with. */
  readonly code: string;
  readonly validitySeconds: number;
  readonly status: MessageStatus;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
  readonly sender: string | null;
  /** Delivery rounds started so far (each tries the sender chain once). */
  readonly attempts: number;
  /** The dispatcher leaves the message alone before this time (backoff between rounds). */
  readonly nextAttemptAt: Date;
  readonly providerMessageId: string | null;
  /** What the provider reported afterwards (status callbacks), e.g. `delivered` or `undelivered`. */
  readonly deliveryStatus: string | null;
}

/** One sender's try at one message, kept for the operator. */
export interface DeliveryAttempt {
  readonly messageId: string;
  readonly round: number;
  readonly sender: string;
  readonly outcome: 'sent' | 'refused' | 'error' | 'skipped';
  readonly providerMessageId: string | null;
  /** Provider code and message; never the verification code. */
  readonly error: string | null;
  readonly at: Date;
  readonly ms: number;
}

export interface MessageFilter {
  readonly phone?: string;
  readonly accountId?: string;
  readonly purpose?: CodePurpose;
}
