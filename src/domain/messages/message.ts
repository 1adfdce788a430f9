import type { CodePurpose } from '../verification/store.js';

export type MessageStatus = 'pending' | 'sent' | 'failed';

/** An SMS waiting in, or delivered from, the outbox. */
export interface OutboxMessage {
  readonly id: string;
  readonly accountId: string;
  readonly purpose: CodePurpose;
  readonly phone: string;
  /** The only place the plain code lives. In production mode it is masked once delivered. */
  readonly code: string;
  readonly validitySeconds: number;
  readonly status: MessageStatus;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
  readonly sender: string | null;
}

export interface MessageFilter {
  readonly phone?: string;
  readonly accountId?: string;
  readonly purpose?: CodePurpose;
}
