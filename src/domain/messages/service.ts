import type { UnitOfWork } from '../store.js';
import type { DeliveryAttempt, MessageFilter, OutboxMessage } from './message.js';
import type { OutboxBacklog } from './store.js';

/** A message with every sender's try at it, oldest first. */
export interface MessageRecord {
  readonly message: OutboxMessage;
  readonly attempts: DeliveryAttempt[];
}

/** The outbox as operators and providers see it: the inbox, clearing it, and delivery reports. */
export class MessagesService {
  constructor(private readonly store: UnitOfWork) {}

  /** Newest first. */
  list(filter: MessageFilter, limit: number): Promise<MessageRecord[]> {
    return this.store.transaction(async (tx) => {
      const found = await tx.outbox.list(filter, limit);
      const records: MessageRecord[] = [];
      for (const message of found) records.push({ message, attempts: await tx.outbox.attempts(message.id) });
      return records;
    });
  }

  clear(): Promise<void> {
    return this.store.transaction((tx) => tx.outbox.clear());
  }

  /** How much waits for delivery, for the metrics. */
  backlog(): Promise<OutboxBacklog> {
    return this.store.transaction((tx) => tx.outbox.backlog());
  }

  /** A provider's later report on a message it took; false when unknown, or older than the one kept. */
  reportDeliveryStatus(providerMessageId: string, status: string): Promise<boolean> {
    return this.store.transaction((tx) => tx.outbox.setDeliveryStatus(providerMessageId, status));
  }
}
