import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { twilioSignature } from '../../src/http/twilio-status-route.js';
import { models, sdkClient, startServer, type Harness } from '../helpers/harness.js';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio.js';
import { startWebhookReceiver, type FakeWebhook } from './fake-webhook.js';

const SECRET = 'w'.repeat(40);
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const FROM = '+15005550006';

/** Polls the inbox until `done` holds for the newest message of the account, or gives up. */
async function waitForMessage(harness: Harness, accountId: string, done: (message: any) => boolean): Promise<any> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [message] = (await harness.admin('GET', `/_canopy/messages?accountId=${accountId}`)).body.messages;
    if (message && done(message)) return message;
    if (Date.now() > deadline) throw new Error(`message never reached the expected state: ${JSON.stringify(message)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('SMS delivery through real adapters and fake providers', () => {
  let twilio: FakeTwilio;
  let webhook: FakeWebhook;
  let harness: Harness;
  const callbackUrl = 'https://canopy.example.test/_canopy/sms/twilio-status';
  before(async () => {
    twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, numbers: [FROM], messagingServiceSids: [] });
    webhook = await startWebhookReceiver(SECRET);
    harness = await startServer({
      CANOPY_SMS_SENDERS: 'twilio,webhook',
      CANOPY_TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      CANOPY_TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      CANOPY_TWILIO_FROM: FROM,
      CANOPY_TWILIO_BASE_URL: twilio.url,
      CANOPY_TWILIO_STATUS_CALLBACK_URL: callbackUrl,
      CANOPY_SMS_WEBHOOK_URL: `${webhook.url}/sms`,
      CANOPY_SMS_WEBHOOK_SECRET: SECRET,
      CANOPY_SMS_POLL_MS: '20',
      CANOPY_SMS_RETRY_BASE_MS: '50',
      CANOPY_SMS_RETRY_MAX_MS: '100',
      CANOPY_SMS_MAX_ROUNDS: '2',
      CANOPY_SMS_SEND_TIMEOUT_MS: '300',
      CANOPY_SMS_BREAKER_THRESHOLD: '1000',
    });
  });
  after(async () => {
    await harness.close();
    await twilio.close();
    await webhook.close();
  });

  const send = async () => {
    const account = await harness.createAccount();
    const response = await sdkClient(harness, account).sendVerificationCodeForEnableRD(
      new models.SendVerificationCodeForEnableRDRequest({}),
    );
    assert.equal(response.statusCode, 200, 'the API call succeeds whatever the providers do');
    return account;
  };

  test('Twilio delivers; its signed status callback updates the delivery status, a forged one is refused', async () => {
    const account = await send();
    const message = await waitForMessage(harness, account.accountId, (m) => m.status === 'sent');
    assert.equal(message.sender, 'twilio');
    assert.match(message.providerMessageId, /^SM/);
    const seen = twilio.messages.at(-1)!;
    assert.equal(seen.to, '+12025550123');
    assert.ok(seen.body.includes(message.code));
    assert.equal(seen.statusCallback, callbackUrl);

    const params = { MessageSid: message.providerMessageId, MessageStatus: 'delivered', AccountSid: ACCOUNT_SID };
    const post = (signature: string) =>
      fetch(`${harness.url}/_canopy/sms/twilio-status`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      });
    assert.equal((await post('forged')).status, 403);
    assert.equal((await post(twilioSignature(AUTH_TOKEN, callbackUrl, params))).status, 204);
    const updated = await waitForMessage(harness, account.accountId, () => true);
    assert.equal(updated.deliveryStatus, 'delivered');
  });

  for (const [failure, script] of [
    ['a 5xx', { status: 503, code: 20500, message: 'down' }],
    ['a timeout', 'hang'],
    ['a refusal', { status: 400, code: 21211, message: 'invalid To' }],
  ] as const) {
    test(`failover after ${failure} from Twilio: the webhook delivers and the attempt log shows both`, async () => {
      twilio.script.push(script);
      const account = await send();
      const message = await waitForMessage(harness, account.accountId, (m) => m.status === 'sent');
      assert.equal(message.sender, 'webhook');
      assert.deepEqual(
        message.attempts.map((a: any) => [a.round, a.sender, a.outcome]),
        [
          [1, 'twilio', failure === 'a refusal' ? 'refused' : 'error'],
          [1, 'webhook', 'sent'],
        ],
      );
      assert.ok(!JSON.stringify(message.attempts).includes(message.code), 'no code in the attempt log');
      assert.equal(webhook.messages.at(-1)!.id, message.id);
    });
  }

  test('every provider down: retried, then abandoned; the API call itself had succeeded', async () => {
    for (let i = 0; i < 2; i++) {
      twilio.script.push({ status: 500, code: 20500, message: 'down' });
      webhook.script.push({ status: 502 });
    }
    const account = await send();
    const message = await waitForMessage(harness, account.accountId, (m) => m.status === 'abandoned');
    assert.equal(message.rounds, 2);
    assert.deepEqual(
      message.attempts.map((a: any) => [a.round, a.sender, a.outcome]),
      [
        [1, 'twilio', 'error'],
        [1, 'webhook', 'error'],
        [2, 'twilio', 'error'],
        [2, 'webhook', 'error'],
      ],
    );
  });
});
