import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { MessagesService } from '../domain/messages/service.js';

export interface TwilioCallbackSettings {
  readonly authToken: string;
  /** The StatusCallback URL exactly as Twilio calls it: it is part of what Twilio signs. */
  readonly callbackUrl: string;
}

export const TWILIO_STATUS_PATH = '/_canopy/sms/twilio-status';

/**
 * Twilio's `X-Twilio-Signature`: Base64 HMAC-SHA1, keyed with the auth token, of the callback URL
 * followed by every POST parameter's name and value, sorted by name.
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * Twilio message status callbacks: no admin token (Twilio cannot send one), but every call must
 * carry Twilio's signature for our auth token. Updates the delivery status of the message with
 * that provider ID.
 */
export function registerTwilioStatusRoute(
  app: FastifyInstance,
  settings: TwilioCallbackSettings,
  messages: MessagesService,
  log: Logger,
): void {
  app.post(TWILIO_STATUS_PATH, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
    const params = Object.fromEntries(new URLSearchParams(body));
    const given = Buffer.from(String(request.headers['x-twilio-signature'] ?? ''));
    const expected = Buffer.from(twilioSignature(settings.authToken, settings.callbackUrl, params));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(403).send({ code: 'Forbidden', message: 'The X-Twilio-Signature header does not match.' });
    }
    const sid = params['MessageSid'];
    const status = params['MessageStatus'];
    if (!sid || !status || !/^[a-z_]{1,32}$/.test(status)) {
      return reply.code(400).send({ code: 'InvalidRequest', message: 'MessageSid and MessageStatus are required.' });
    }
    const found = await messages.reportDeliveryStatus(sid, status);
    if (!found) log.info({ providerMessageId: sid, status }, 'twilio status not applied: unknown message, or older than the one kept');
    return reply.code(204).send();
  });
}
