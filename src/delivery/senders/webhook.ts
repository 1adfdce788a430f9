import { createHmac, timingSafeEqual } from 'node:crypto';
import { SendError, type SmsSender } from '../sender.js';
import { fetchFailure, readJson } from './send-helpers.js';

export const TIMESTAMP_HEADER = 'x-canopy-timestamp';
export const SIGNATURE_HEADER = 'x-canopy-signature';

export interface WebhookOptions {
  /** HTTPS, or HTTP to a loopback address (checked by the configuration). */
  readonly url: string;
  /** Shared with the receiver; at least 32 characters. */
  readonly secret: string;
  /** Unix seconds; replaceable for tests. */
  readonly nowSeconds?: () => number;
}

/** What the receiver gets, as JSON. */
export interface WebhookMessage {
  readonly id: string;
  readonly phone: string;
  readonly e164: string;
  readonly code: string;
  readonly text: string;
  readonly purpose: string;
  readonly validityMinutes: number;
}

/**
 * `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. The timestamp is signed with the body so
 * that a captured request cannot be replayed later with a fresh timestamp.
 */
export function signWebhook(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/**
 * For receivers: true when `header` is the signature of `body` at `timestamp` and the timestamp is
 * within `toleranceSeconds` of `nowSeconds`. Compares in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | undefined,
  body: string | Buffer,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (timestamp === undefined || header === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** POSTs the message as signed JSON to an operator's gateway. */
export function webhookSender(options: WebhookOptions): SmsSender {
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  return {
    name: 'webhook',
    async send(delivery, signal) {
      const message: WebhookMessage = {
        id: delivery.messageId,
        phone: delivery.phone,
        e164: delivery.e164,
        code: delivery.code,
        text: delivery.text,
        purpose: delivery.purpose,
        validityMinutes: delivery.validityMinutes,
      };
      const body = JSON.stringify(message);
      const timestamp = String(nowSeconds());
      let status: number;
      let answer: Record<string, unknown> | undefined;
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: signWebhook(options.secret, timestamp, body),
          },
          body,
          signal,
          // A redirect would re-send the code to a URL nobody configured: refuse it instead.
          redirect: 'manual',
        });
        status = response.status;
        answer = await readJson(response);
      } catch (error) {
        throw fetchFailure('webhook', error, signal, delivery);
      }
      if (status >= 200 && status < 300) {
        const id = answer?.['id'];
        return { providerMessageId: typeof id === 'string' || typeof id === 'number' ? String(id) : null };
      }
      // The receiver's body is not echoed: it is the operator's code and may repeat ours.
      const retryable = status >= 500 || status === 429;
      throw new SendError(`webhook answered HTTP ${status}`, retryable);
    },
  };
}
