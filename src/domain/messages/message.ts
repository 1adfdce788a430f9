import type { CodePurpose, SmsPurpose } from '../verification/store.js';

/**
 * `pending` until a sender accepts it (`sent`); `failed` when every sender refused it for good
 * (a bad number, say); `abandoned` when retries ran out while providers kept failing.
 */
export type MessageStatus = 'pending' | 'sent' | 'failed' | 'abandoned';

/** How a message travels, each through its own sender chain. */
export type Channel = 'sms' | 'email';

/** Why an email was sent: the link that confirms a new login email, or the code that confirms a message contact's address. */
export type EmailPurpose = 'ChangeAccountEmail' | 'MessageContactEmail';
export type MessagePurpose = CodePurpose | EmailPurpose;

/** What every outbox message has, whatever its channel. */
interface MessageFields {
  readonly id: string;
  readonly accountId: string;
  /**
   * The secret the message carries: the code of an SMS, the confirmation token of an email. The
   * only place it lives in clear; in production mode it is masked once the message is dealt with.
   */
  readonly code: string;
  /** How long the code or link stays usable: a message still undelivered after that is abandoned. */
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

/** A verification code by SMS. */
export interface SmsMessage extends MessageFields {
  readonly channel: 'sms';
  readonly purpose: SmsPurpose;
  /** `<country code>-<number>`. */
  readonly phone: string;
}

/** A confirmation link by email. */
export interface EmailMessage extends MessageFields {
  readonly channel: 'email';
  readonly purpose: EmailPurpose;
  /** The recipient, lower-case. */
  readonly email: string;
}

/** A message waiting in, or delivered from, the outbox. */
export type OutboxMessage = SmsMessage | EmailMessage;

/** Where a new message goes, by its channel. */
export type Recipient =
  | { readonly channel: 'sms'; readonly purpose: SmsPurpose; readonly phone: string }
  | { readonly channel: 'email'; readonly purpose: EmailPurpose; readonly email: string };

/** A message as it enters the outbox: due now, no delivery round started, nothing reported. */
export function queuedMessage(
  fields: { readonly id: string; readonly accountId: string; readonly code: string; readonly validitySeconds: number; readonly at: Date },
  recipient: Recipient,
): OutboxMessage {
  return {
    id: fields.id,
    accountId: fields.accountId,
    code: fields.code,
    validitySeconds: fields.validitySeconds,
    status: 'pending',
    createdAt: fields.at,
    sentAt: null,
    sender: null,
    attempts: 0,
    nextAttemptAt: fields.at,
    providerMessageId: null,
    deliveryStatus: null,
    ...recipient,
  } as OutboxMessage;
}

/** One sender's try at one message, kept for the operator. */
export interface DeliveryAttempt {
  readonly messageId: string;
  readonly round: number;
  readonly sender: string;
  readonly outcome: 'sent' | 'refused' | 'error' | 'skipped';
  readonly providerMessageId: string | null;
  /** Provider code and message; never the verification code or token. */
  readonly error: string | null;
  readonly at: Date;
  readonly ms: number;
}

/** Every field given must match (AND); a phone or an email only ever matches its own channel. */
export interface MessageFilter {
  readonly channel?: Channel;
  readonly phone?: string;
  readonly email?: string;
  readonly accountId?: string;
  readonly purpose?: MessagePurpose;
}
