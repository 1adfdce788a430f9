import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature, type WebhookMessage } from '../../src/delivery/senders/webhook.js';
import { sendJson, startFakeServer, type FakeServer } from './fake-server.js';

export type WebhookScript = { readonly status: number } | 'hang';

export interface FakeWebhook extends FakeServer {
  readonly messages: WebhookMessage[];
  readonly refusals: number[];
  readonly script: WebhookScript[];
}

/** An operator's gateway: accepts only JSON whose HMAC verifies with `secret`. */
export async function startWebhookReceiver(secret: string): Promise<FakeWebhook> {
  const messages: WebhookMessage[] = [];
  const refusals: number[] = [];
  const script: WebhookScript[] = [];
  let next = 1;
  const server = await startFakeServer((request, body, response) => {
    const refuse = (status: number, error: string) => {
      refusals.push(status);
      sendJson(response, status, { error });
    };
    if (request.method !== 'POST') return refuse(405, 'method');
    const timestamp = request.headers[TIMESTAMP_HEADER];
    const signature = request.headers[SIGNATURE_HEADER];
    const now = Math.floor(Date.now() / 1000);
    if (
      typeof timestamp !== 'string' ||
      typeof signature !== 'string' ||
      !verifyWebhookSignature(secret, timestamp, body, signature, now)
    ) {
      return refuse(401, 'bad signature');
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return refuse(415, 'content type');
    messages.push(JSON.parse(body.toString('utf8')) as WebhookMessage);
    const scripted = script.shift();
    if (scripted === 'hang') return;
    if (scripted) return refuse(scripted.status, 'scripted');
    sendJson(response, 202, { id: `gw-${next++}` });
  });
  return { ...server, messages, refusals, script };
}
