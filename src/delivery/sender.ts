import type { CodePurpose } from '../domain/verification/store.js';

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
  readonly purpose: CodePurpose;
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
