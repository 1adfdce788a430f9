import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SmsMessage } from '../../src/domain/messages/message.js';
import { aliyunSmsSender } from '../../src/delivery/senders/aliyun-sms.js';
import { twilioSender } from '../../src/delivery/senders/twilio.js';
import { signWebhook, verifyWebhookSignature, webhookSender } from '../../src/delivery/senders/webhook.js';
import { SendError, type Delivery, type SmsSender } from '../../src/delivery/sender.js';
import { DEFAULT_TEMPLATES, toDelivery } from '../../src/delivery/template.js';
import { startFakeAliyunSms, type FakeAliyunSms } from './fake-aliyun-sms.js';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio.js';
import { startWebhookReceiver, type FakeWebhook } from './fake-webhook.js';

const CODE = '482913';

/** A Delivery as the dispatcher builds it, from the fields toDelivery reads. */
function delivery(phone: string, code = CODE): Delivery {
  const message = { id: `msg-${phone}`, phone, code, validitySeconds: 600, purpose: 'EnableRD' } as SmsMessage;
  return toDelivery(message, DEFAULT_TEMPLATES.en);
}

const MAINLAND = delivery('86-13800138000');
const US = delivery('1-2025550123');

/** Runs `send` expecting a SendError; checks it carries neither the code nor the whole number. */
async function refused(sender: SmsSender, target: Delivery, signal = AbortSignal.timeout(5_000)): Promise<SendError> {
  try {
    await sender.send(target, signal);
  } catch (error) {
    assert.ok(error instanceof SendError, `expected a SendError, got ${String(error)}`);
    assert.ok(!error.message.includes(target.code), `the code leaked into "${error.message}"`);
    assert.ok(!error.message.includes(target.nationalNumber), `the number leaked into "${error.message}"`);
    return error;
  }
  assert.fail('the send succeeded');
}

/** A timeout must fail quickly, as retryable, however long the provider would take. */
async function timesOut(sender: SmsSender, target: Delivery): Promise<void> {
  const started = Date.now();
  const error = await refused(sender, target, AbortSignal.timeout(200));
  assert.equal(error.retryable, true);
  assert.match(error.message, /timed out/);
  assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
}

/** The dispatcher aborts with its own SendError; the sender must rethrow that very error. */
async function abortsWithOwnReason(sender: SmsSender, target: Delivery): Promise<void> {
  const controller = new AbortController();
  const reason = new SendError('no answer within 100 ms', true, 'timeout');
  setTimeout(() => controller.abort(reason), 100);
  assert.equal(await refused(sender, target, controller.signal), reason);
  // Already aborted: refused before anything is sent.
  assert.equal(await refused(sender, target, controller.signal), reason);
}

describe('aliyun-sms sender against a fake dysmsapi that verifies signatures', () => {
  const KEY_ID = 'LTAI5tFakeSmsKey0001';
  const SECRET = 'fake-sms-secret-0123456789abcdef';
  let fake: FakeAliyunSms;
  let sender: SmsSender;
  const options = () => ({
    accessKeyId: KEY_ID,
    accessKeySecret: SECRET,
    signName: '资源目录',
    templateCode: 'SMS_123456789',
    endpoint: fake.endpoint,
    protocol: 'HTTP' as const,
  });

  before(async () => {
    fake = await startFakeAliyunSms({ [KEY_ID]: SECRET });
    sender = aliyunSmsSender(options());
  });
  after(() => fake.close());

  it('sends a mainland number bare, with sign name, template and the code in the template parameter', async () => {
    const outcome = await sender.send(MAINLAND, AbortSignal.timeout(5_000));
    assert.match(outcome.providerMessageId ?? '', /^\d+\^0$/);
    const seen = fake.requests.at(-1)!;
    assert.equal(seen.scheme, 'V3', 'the SDK signs with ACS3-HMAC-SHA256');
    assert.deepEqual(
      { phone: seen.phoneNumbers, sign: seen.signName, template: seen.templateCode, param: seen.templateParam, outId: seen.outId },
      { phone: '13800138000', sign: '资源目录', template: 'SMS_123456789', param: { code: CODE }, outId: MAINLAND.messageId },
    );
  });

  it('sends other numbers as country code and number without +, under the configured parameter name', async () => {
    const named = aliyunSmsSender({ ...options(), templateParamName: 'otp' });
    await named.send(US, AbortSignal.timeout(5_000));
    const seen = fake.requests.at(-1)!;
    assert.equal(seen.phoneNumbers, '12025550123');
    assert.deepEqual(seen.templateParam, { otp: CODE });
  });

  it('maps isv.* refusals to SendError with the provider code: rate limits retryable, bad input not', async () => {
    const cases = [
      ['isv.MOBILE_NUMBER_ILLEGAL', false],
      ['isv.SMS_TEMPLATE_ILLEGAL', false],
      ['isv.SMS_SIGNATURE_ILLEGAL', false],
      ['isv.BUSINESS_LIMIT_CONTROL', true],
      ['isv.AMOUNT_NOT_ENOUGH', true],
    ] as const;
    for (const [code, retryable] of cases) {
      fake.script.push({ isv: code, message: `refused ${CODE}` });
      const error = await refused(sender, MAINLAND);
      assert.equal(error.providerCode, code);
      assert.equal(error.retryable, retryable, code);
    }
  });

  it('a real refusal of a malformed number reaches the sender as isv.MOBILE_NUMBER_ILLEGAL', async () => {
    const error = await refused(sender, { ...MAINLAND, nationalNumber: '+13800138000' });
    assert.deepEqual([error.providerCode, error.retryable], ['isv.MOBILE_NUMBER_ILLEGAL', false]);
  });

  it('a 5xx or a throttling answer is retryable', async () => {
    fake.script.push({
      status: 503,
      code: 'ServiceUnavailable',
      message: 'The request has failed due to a temporary failure of the server.',
    });
    const unavailable = await refused(sender, MAINLAND);
    assert.deepEqual([unavailable.retryable, unavailable.providerCode], [true, 'ServiceUnavailable']);
    fake.script.push({ status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' });
    const throttled = await refused(sender, MAINLAND);
    assert.deepEqual([throttled.retryable, throttled.providerCode], [true, 'Throttling.User']);
  });

  it('times out through the AbortSignal, fast and retryable', async () => {
    fake.script.push('hang');
    await timesOut(sender, MAINLAND);
  });

  it("passes on the caller's own abort reason, as the dispatcher sets it", async () => {
    fake.script.push('hang');
    const before = fake.requests.length;
    await abortsWithOwnReason(sender, MAINLAND);
    assert.equal(fake.requests.length, before + 1, 'the aborted signal stopped the second send before it started');
  });

  it("ends a hung request with the SDK's own timeout when the signal allows longer", async () => {
    fake.script.push('hang');
    const started = Date.now();
    const error = await refused(aliyunSmsSender({ ...options(), timeoutMs: 200 }), MAINLAND);
    assert.equal(error.retryable, true);
    assert.match(error.message, /ReadTimeout/);
    assert.ok(Date.now() - started < 2_000);
  });

  it('a connection refused is retryable', async () => {
    const closed = await startFakeAliyunSms({});
    const endpoint = closed.endpoint;
    await closed.close();
    const error = await refused(aliyunSmsSender({ ...options(), endpoint }), MAINLAND);
    assert.equal(error.retryable, true);
  });

  it('a wrong secret fails the fake signature check: SignatureDoesNotMatch, not retryable', async () => {
    const before = fake.requests.length;
    const error = await refused(aliyunSmsSender({ ...options(), accessKeySecret: 'not-the-secret' }), MAINLAND);
    assert.deepEqual([error.providerCode, error.retryable], ['SignatureDoesNotMatch', false]);
    assert.deepEqual(fake.refusals.at(-1), { status: 400, code: 'SignatureDoesNotMatch' });
    assert.equal(fake.requests.length, before, 'nothing was sent');
  });

  it('an unknown AccessKey ID is refused, not retryable', async () => {
    const error = await refused(aliyunSmsSender({ ...options(), accessKeyId: 'LTAI5tUnknown' }), MAINLAND);
    assert.deepEqual([error.providerCode, error.retryable], ['InvalidAccessKeyId.NotFound', false]);
  });
});

describe('twilio sender against a fake Twilio API', () => {
  const SID = `AC${'a1'.repeat(16)}`;
  const TOKEN = 'fake-twilio-auth-token-0123456789';
  const FROM = '+14155550100';
  const SERVICE = `MG${'b2'.repeat(16)}`;
  let fake: FakeTwilio;
  let sender: SmsSender;

  before(async () => {
    fake = await startFakeTwilio({ accountSid: SID, authToken: TOKEN, numbers: [FROM], messagingServiceSids: [SERVICE] });
    sender = twilioSender({ accountSid: SID, authToken: TOKEN, from: FROM, baseUrl: fake.url });
  });
  after(() => fake.close());

  it('posts To in E.164, the text as Body and From, and returns the message SID', async () => {
    const outcome = await sender.send(US, AbortSignal.timeout(5_000));
    assert.match(outcome.providerMessageId ?? '', /^SM[0-9a-f]{32}$/);
    assert.deepEqual(fake.messages.at(-1), {
      to: '+12025550123',
      body: US.text,
      from: FROM,
      messagingServiceSid: undefined,
      statusCallback: undefined,
    });
    assert.ok(US.text.includes(CODE));
  });

  it('uses the messaging service and the status callback instead of From when so configured', async () => {
    const viaService = twilioSender({
      accountSid: SID,
      authToken: TOKEN,
      messagingServiceSid: SERVICE,
      statusCallbackUrl: 'https://canopy.example.com/_canopy/sms/twilio-status',
      baseUrl: `${fake.url}/`,
    });
    await viaService.send(MAINLAND, AbortSignal.timeout(5_000));
    assert.deepEqual(fake.messages.at(-1), {
      to: '+8613800138000',
      body: MAINLAND.text,
      from: undefined,
      messagingServiceSid: SERVICE,
      statusCallback: 'https://canopy.example.com/_canopy/sms/twilio-status',
    });
  });

  it('refuses a configuration with both or neither of from and messagingServiceSid', () => {
    assert.throws(() => twilioSender({ accountSid: SID, authToken: TOKEN }), /exactly one/);
    assert.throws(() => twilioSender({ accountSid: SID, authToken: TOKEN, from: FROM, messagingServiceSid: SERVICE }), /exactly one/);
  });

  it('maps a refusal to its Twilio code, not retryable; 429 retryable', async () => {
    const bad = await refused(sender, { ...US, e164: '2025550123' });
    assert.deepEqual([bad.providerCode, bad.retryable], ['21211', false]);
    const unowned = await refused(twilioSender({ accountSid: SID, authToken: TOKEN, from: '+14155550199', baseUrl: fake.url }), US);
    assert.deepEqual([unowned.providerCode, unowned.retryable], ['21606', false]);
    fake.script.push({ status: 429, code: 20429, message: 'Too Many Requests' });
    const limited = await refused(sender, US);
    assert.deepEqual([limited.providerCode, limited.retryable], ['20429', true]);
  });

  it('a 5xx is retryable', async () => {
    fake.script.push({ status: 503, code: 20503, message: 'Service Unavailable' });
    const error = await refused(sender, US);
    assert.deepEqual([error.providerCode, error.retryable], ['20503', true]);
  });

  it('times out through the AbortSignal, fast and retryable', async () => {
    fake.script.push('hang');
    await timesOut(sender, US);
  });

  it('a wrong auth token gets 401 Authenticate (20003), not retryable', async () => {
    const error = await refused(twilioSender({ accountSid: SID, authToken: 'wrong-token', from: FROM, baseUrl: fake.url }), US);
    assert.deepEqual([error.providerCode, error.retryable], ['20003', false]);
    assert.deepEqual(fake.refusals.at(-1), { status: 401, code: 20003 });
  });
});

describe('webhook sender against a receiver that verifies the HMAC', () => {
  const SECRET = 'webhook-secret-0123456789abcdefghijklmnop';
  let receiver: FakeWebhook;
  let sender: SmsSender;

  before(async () => {
    receiver = await startWebhookReceiver(SECRET);
    sender = webhookSender({ url: `${receiver.url}/sms`, secret: SECRET });
  });
  after(() => receiver.close());

  it('posts the signed message and takes the receiver id as provider message id', async () => {
    const outcome = await sender.send(US, AbortSignal.timeout(5_000));
    assert.match(outcome.providerMessageId ?? '', /^gw-\d+$/);
    assert.deepEqual(receiver.messages.at(-1), {
      id: US.messageId,
      phone: '1-2025550123',
      e164: '+12025550123',
      code: CODE,
      text: US.text,
      purpose: 'EnableRD',
      validityMinutes: 10,
    });
  });

  it('4xx is not retryable except 429; 5xx is', async () => {
    for (const [status, retryable] of [
      [400, false],
      [404, false],
      [429, true],
      [500, true],
      [503, true],
    ] as const) {
      receiver.script.push({ status });
      const error = await refused(sender, US);
      assert.equal(error.retryable, retryable, `HTTP ${status}`);
    }
  });

  it('times out through the AbortSignal, fast and retryable', async () => {
    receiver.script.push('hang');
    await timesOut(sender, US);
  });

  it("passes on the caller's own abort reason, as the dispatcher sets it", async () => {
    receiver.script.push('hang');
    await abortsWithOwnReason(sender, US);
  });

  it('a wrong secret or a stale timestamp fails verification at the receiver: 401, not retryable', async () => {
    const wrong = await refused(webhookSender({ url: receiver.url, secret: 'another-secret-0123456789abcdefghijkl' }), US);
    assert.equal(wrong.retryable, false);
    const stale = await refused(
      webhookSender({ url: receiver.url, secret: SECRET, nowSeconds: () => Math.floor(Date.now() / 1000) - 301 }),
      US,
    );
    assert.equal(stale.retryable, false);
    assert.deepEqual(receiver.refusals.slice(-2), [401, 401]);
  });

  it('verifyWebhookSignature checks body, timestamp, tolerance and format', () => {
    const body = '{"id":"m1"}';
    const header = signWebhook(SECRET, '1700000000', body);
    assert.match(header, /^sha256=[0-9a-f]{64}$/);
    assert.equal(verifyWebhookSignature(SECRET, '1700000000', body, header, 1_700_000_100), true);
    assert.equal(verifyWebhookSignature(SECRET, '1700000000', Buffer.from(body), header, 1_700_000_000), true);
    assert.equal(verifyWebhookSignature(SECRET, '1700000000', `${body} `, header, 1_700_000_000), false);
    assert.equal(verifyWebhookSignature(SECRET, '1700000001', body, header, 1_700_000_000), false);
    assert.equal(verifyWebhookSignature(SECRET, '1700000000', body, header, 1_700_000_301), false);
    assert.equal(verifyWebhookSignature(SECRET, '1700000000', body, header, 1_700_000_301, 600), true);
    assert.equal(verifyWebhookSignature(SECRET, '1700000000', body, header.slice(0, -1), 1_700_000_000), false);
    assert.equal(verifyWebhookSignature(SECRET, '-1', body, header, 1_700_000_000), false);
    assert.equal(verifyWebhookSignature(SECRET, undefined, body, header, 1_700_000_000), false);
  });
});
