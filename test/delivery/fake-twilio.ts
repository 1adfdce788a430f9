import { randomBytes } from 'node:crypto';
import { sendJson, startFakeServer, type FakeServer } from './fake-server.js';

/** The form fields of one message the fake accepted. */
export interface SeenTwilioMessage {
  readonly to: string;
  readonly body: string;
  readonly from: string | undefined;
  readonly messagingServiceSid: string | undefined;
  readonly statusCallback: string | undefined;
}

/** What the next request gets instead of 201. */
export type TwilioScript = { readonly status: number; readonly code?: number; readonly message?: string } | 'hang';

export interface FakeTwilio extends FakeServer {
  readonly messages: SeenTwilioMessage[];
  readonly refusals: { status: number; code: number }[];
  readonly script: TwilioScript[];
}

export interface FakeTwilioAccount {
  readonly accountSid: string;
  readonly authToken: string;
  /** Numbers the account owns; any other From is refused like Twilio does (21606). */
  readonly numbers: readonly string[];
  readonly messagingServiceSids: readonly string[];
}

const E164 = /^\+[1-9]\d{1,14}$/;

/** A fake `api.twilio.com` for `POST /2010-04-01/Accounts/{sid}/Messages.json`. */
export async function startFakeTwilio(account: FakeTwilioAccount): Promise<FakeTwilio> {
  const messages: SeenTwilioMessage[] = [];
  const refusals: { status: number; code: number }[] = [];
  const script: TwilioScript[] = [];

  const server = await startFakeServer((request, raw, response) => {
    // Twilio's error shape.
    const refuse = (status: number, code: number, message: string) => {
      refusals.push({ status, code });
      sendJson(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
    };
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return refuse(404, 20404, 'The requested resource was not found');

    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
    const [user, password] = Buffer.from(encoded ?? '', 'base64')
      .toString('utf8')
      .split(':');
    if (scheme !== 'Basic' || user !== account.accountSid || password !== account.authToken) {
      return refuse(401, 20003, 'Authenticate');
    }
    if (decodeURIComponent(match[1]!) !== account.accountSid) return refuse(404, 20404, 'The requested resource was not found');
    if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return refuse(400, 21609, 'Content-Type must be application/x-www-form-urlencoded');
    }

    const form = new URLSearchParams(raw.toString('utf8'));
    for (const name of new Set(form.keys())) {
      if (form.getAll(name).length > 1) return refuse(400, 21601, `Parameter ${name} given twice`);
    }
    const to = form.get('To');
    const body = form.get('Body');
    const from = form.get('From') ?? undefined;
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
    const statusCallback = form.get('StatusCallback') ?? undefined;
    if (!to) return refuse(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) return refuse(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!body) return refuse(400, 21602, 'Message body is required.');
    if (from === undefined && messagingServiceSid === undefined) return refuse(400, 21603, "A 'From' phone number is required.");
    if (from !== undefined && !account.numbers.includes(from)) {
      return refuse(
        400,
        21606,
        `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
      );
    }
    if (messagingServiceSid !== undefined && !account.messagingServiceSids.includes(messagingServiceSid)) {
      return refuse(400, 21701, `The Messaging Service Sid ${messagingServiceSid} is invalid.`);
    }
    if (statusCallback !== undefined && !/^https?:\/\/[^\s]+$/.test(statusCallback))
      return refuse(400, 21609, 'Invalid StatusCallback url');

    messages.push({ to, body, from, messagingServiceSid, statusCallback });
    const next = script.shift();
    if (next === 'hang') return;
    if (next) return refuse(next.status, next.code ?? 20500, next.message ?? 'Internal Server Error');
    const sid = `SM${randomBytes(16).toString('hex')}`;
    sendJson(response, 201, {
      sid,
      account_sid: account.accountSid,
      to,
      from: from ?? null,
      messaging_service_sid: messagingServiceSid ?? null,
      body,
      status: messagingServiceSid ? 'accepted' : 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: new Date().toUTCString(),
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${account.accountSid}/Messages/${sid}.json`,
    });
  });
  return { ...server, messages, refusals, script };
}
