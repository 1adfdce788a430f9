import { SendError, type SmsSender } from '../sender.js';
import { fetchFailure, readJson, scrub } from './send-helpers.js';

export interface TwilioOptions {
  /** `AC` followed by 32 hex digits. */
  readonly accountSid: string;
  readonly authToken: string;
  /** A Twilio number in E.164, a short code or an alphanumeric sender ID; exclusive with `messagingServiceSid`. */
  readonly from?: string;
  /** `MG...`: Twilio picks the sender from the service's pool; exclusive with `from`. */
  readonly messagingServiceSid?: string;
  /** Where Twilio reports delivery status (sent, delivered, undelivered). */
  readonly statusCallbackUrl?: string;
  /** `https://api.twilio.com` unless testing against a fake. */
  readonly baseUrl?: string;
}

/** Twilio Programmable Messaging: `POST /2010-04-01/Accounts/{sid}/Messages.json`, over fetch. */
export function twilioSender(options: TwilioOptions): SmsSender {
  if ((options.from === undefined) === (options.messagingServiceSid === undefined)) {
    throw new Error('twilio sender: give exactly one of from and messagingServiceSid');
  }
  const base = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  return {
    name: 'twilio',
    async send(delivery, signal) {
      const form = new URLSearchParams({ To: delivery.e164, Body: delivery.text });
      if (options.from !== undefined) form.set('From', options.from);
      if (options.messagingServiceSid !== undefined) form.set('MessagingServiceSid', options.messagingServiceSid);
      if (options.statusCallbackUrl !== undefined) form.set('StatusCallback', options.statusCallbackUrl);

      let status: number;
      let body: Record<string, unknown> | undefined;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
          signal,
          // Never replay the credentials and the code to wherever a redirect points.
          redirect: 'manual',
        });
        status = response.status;
        body = await readJson(response);
      } catch (error) {
        throw fetchFailure('twilio', error, signal, delivery);
      }

      if (status === 200 || status === 201) {
        const sid = typeof body?.['sid'] === 'string' ? body['sid'] : null;
        return { providerMessageId: sid };
      }
      // Twilio's error shape: {"code": 21211, "message": "...", "more_info": "...", "status": 400}.
      const code = body?.['code'];
      const providerCode = typeof code === 'number' || typeof code === 'string' ? String(code) : undefined;
      const message = typeof body?.['message'] === 'string' ? scrub(body['message'], delivery) : '';
      // 429 is Twilio's queue or rate limit; every other 4xx (bad number, bad auth, unverified
      // number, blocked region) fails the same way next time.
      const retryable = status >= 500 || status === 429;
      throw new SendError(
        `twilio answered HTTP ${status}${providerCode ? ` ${providerCode}` : ''}${message ? `: ${message}` : ''}`,
        retryable,
        providerCode,
      );
    },
  };
}
