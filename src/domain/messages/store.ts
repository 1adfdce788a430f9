import type { MessageFilter, OutboxMessage } from './message.js';

export interface OutboxStore {
  enqueue(message: OutboxMessage): Promise<void>;
  /** Newest first. */
  list(filter: MessageFilter, limit: number): Promise<OutboxMessage[]>;
  /** Pending messages, oldest first, for the dispatcher. */
  pending(limit: number): Promise<OutboxMessage[]>;
  /** `maskCode` replaces the code with a mask, so the store no longer holds it once it is dealt with. */
  markSent(id: string, sender: string, at: Date, maskCode: boolean): Promise<void>;
  markFailed(id: string, at: Date, maskCode: boolean): Promise<void>;
  clear(): Promise<void>;
}
