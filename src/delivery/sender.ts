import type { EmailPurpose } from '../domain/messages/message.js';
import type { SmsPurpose } from '../domain/verification/store.js';

/** One SMS, ready for a provider: the phone in both notations, the code and the rendered text. */
export interface Delivery {
  readonly messageId: string;
  /** `<country code>-<number>`, as the API writes it. */
  readonly phone: string;
  /** `+<country code><number>`, as most providers want it. */
  readonly e164: string;
  readonly countryCode: string;
  /** The national number without the country code (Alibaba Cloud SMS wants it so for China). */
  readonly nationalNumber: string;
  readonly code: string;
  /** The message text from the configured template. */
  readonly text: string;
  readonly validityMinutes: number;
  readonly purpose: SmsPurpose;
}

export interface SendOutcome {
  /** The provider's ID for the message, for status callbacks and support tickets. */
  readonly providerMessageId: string | null;
}

/**
 * A provider refused or failed. `retryable` says whether trying again (later, or with the next
 * sender) can help: a timeout or a 5xx can, a bad number or bad credentials cannot.
 */
export class SendError extends Error {
  override name = 'SendError';
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The provider's own error code, e.g. `isv.MOBILE_NUMBER_ILLEGAL` or Twilio's `21211`. */
    readonly providerCode?: string,
  ) {
    super(message);
  }
}

/** One way to get an SMS to a phone. */
export interface SmsSender {
  readonly name: string;
  /** Resolves when the provider accepted the message; throws SendError (or anything) when not. */
  send(delivery: Delivery, signal: AbortSignal): Promise<SendOutcome>;
}

/** One email, ready for a mail server: the recipient, the rendered texts and the secret to keep out of logs. */
export interface EmailDelivery {
  readonly messageId: string;
  /** The recipient, lower-case. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The link the email carries (holds the token). */
  readonly link: string;
  /** The confirmation token: senders must keep it out of every error and log line. */
  readonly token: string;
  readonly validityHours: number;
  readonly purpose: EmailPurpose;
}

/** One way to get an email to a mailbox. */
export interface EmailSender {
  readonly name: string;
  /** Resolves when the mail server accepted the message; throws SendError (or anything) when not. */
  send(delivery: EmailDelivery, signal: AbortSignal): Promise<SendOutcome>;
}
