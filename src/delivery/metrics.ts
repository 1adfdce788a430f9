import type { DeliveryAttempt, OutboxMessage } from '../domain/messages/message.js';

/** How a delivery round ended for its message. */
export type Fate = 'sent' | 'failed' | 'abandoned' | 'retry';

/** What the dispatcher reports, for the metrics. */
export interface DeliveryMetrics {
  /** One sender's try at one message. */
  attempt(channel: OutboxMessage['channel'], sender: string, outcome: DeliveryAttempt['outcome']): void;
  /** One message's round, once its outcome is recorded. */
  round(channel: OutboxMessage['channel'], fate: Fate): void;
}

/**
 * A sender's circuit: `closed` (tried), `open` (skipped until its cooldown ends, or while the one
 * trial message runs), `half-open` (the cooldown ended; the next message tries it).
 */
export type CircuitPosition = 'closed' | 'open' | 'half-open';

export interface CircuitReading {
  readonly channel: OutboxMessage['channel'];
  readonly sender: string;
  readonly state: CircuitPosition;
}
