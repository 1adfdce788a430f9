import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type FakeWebhook, startWebhookReceiver } from '../delivery/fake-webhook.js';
import {
  expectApiError,
  models,
  sdkClient,
  sdkSendCode,
  signedSendCode,
  startServer,
  type Harness,
  type TestAccount,
} from '../helpers/harness.js';

const PHONE = '1-2025550123';
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/**
 * The retention job end to end, on the emulator clock: what a rule still needs survives a run, what
 * it no longer needs goes. The job's timer and the dispatcher's poll are set far apart, so each test
 * runs them itself, at the moments it chooses. A message goes to the provider as soon as it is queued;
 * the provider (a webhook) answers as each test scripts it.
 */
describe('retention on the emulator clock', () => {
  let harness: Harness;
  let caller: TestAccount;
  let provider: FakeWebhook;
  before(async () => {
    const secret = 'r'.repeat(40);
    provider = await startWebhookReceiver(secret);
    harness = await startServer({
      CANOPY_QUOTA_TIMEZONE: 'UTC',
      CANOPY_RETENTION_INTERVAL_SECONDS: '86400',
      CANOPY_SMS_POLL_MS: '3600000',
      CANOPY_SMS_SENDERS: 'webhook',
      CANOPY_SMS_WEBHOOK_URL: `${provider.url}/sms`,
      CANOPY_SMS_WEBHOOK_SECRET: secret,
    });
  });
  beforeEach(async () => {
    await harness.reset();
    caller = await harness.createAccount();
  });
  after(async () => {
    await harness.close();
    await provider.close();
  });

  const send = () => sdkSendCode(harness, caller, PHONE);
  const prune = () => harness.canopy.pruner.runOnce();
  const deliver = () => harness.canopy.dispatcher.runOnce();
  const inbox = async () =>
    (await harness.admin('GET', `/_canopy/messages?accountId=${caller.accountId}`)).body.messages as {
      status: string;
      attempts: unknown[];
    }[];
  const metricsText = async () => (await fetch(`${harness.url}/_canopy/metrics`)).text();
  /** Until the newest message's handed-over round is recorded, whatever the provider answered. */
  const roundRecorded = async () => {
    const deadline = Date.now() + 10_000;
    while ((await inbox())[0]?.attempts.length !== 1) {
      assert.ok(Date.now() < deadline, 'the round was recorded within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  /** Moves the clock to five past midnight (UTC, the quota's zone here) of the next day. */
  const toNextDay = async () => {
    const now = harness.canopy.clock.now().getTime() / 1000;
    await harness.advanceClock(Math.ceil(DAY - (now % DAY)) + 5 * MINUTE);
  };

  test('a code inside its validity survives a run and still works', async () => {
    await send();
    const code = await harness.latestCode(PHONE, caller.accountId);
    await harness.advanceClock(9 * MINUTE);
    await prune();
    const enabled = await sdkClient(harness, caller).enableResourceDirectory(
      new models.EnableResourceDirectoryRequest({
        enableMode: 'NewManagementAccount',
        MAName: 'kept@rdadmin.aliyunid.com',
        MASecureMobilePhone: PHONE,
        verificationCode: code,
      }),
    );
    assert.equal(enabled.statusCode, 200);
  });

  test("an expired code goes an hour after expiry; the day's quota counter stays until the day is over", async () => {
    await toNextDay();
    for (let i = 0; i < 100; i++) await send();
    await harness.advanceClock(10 * MINUTE + HOUR - 5);
    assert.equal((await prune()).verification_codes, 0, 'expired, but not an hour ago');
    await harness.advanceClock(10);
    const report = await prune();
    assert.equal(report.verification_codes, 1, 'one row per account, purpose and phone');
    assert.equal(report.code_quota, 0, "today's counter stays");
    await expectApiError(send, 409, 'SendValidateCodeExceedsLimitForAccount');
    await harness.advanceClock(DAY);
    assert.equal((await prune()).code_quota, 0, "yesterday's counter stays");
    await harness.advanceClock(2 * DAY);
    assert.equal((await prune()).code_quota, 1, 'more than 48 hours after the day, it goes');
  });

  test('a message is kept for the retention period once dealt with, and a pending one whatever its age', async () => {
    // Counted since the server started, messages of earlier tests (delivered, then pruned) included.
    const prunedBefore = Number(/^canopy_retention_pruned_rows_total\{table="outbox"\} (\d+)$/m.exec(await metricsText())?.[1]);
    provider.script.push({ status: 503 }); // down: the message waits for a retry
    await send();
    await roundRecorded();
    await harness.advanceClock(2 * DAY);
    await prune();
    assert.deepEqual(
      (await inbox()).map((m) => m.status),
      ['pending'],
      'never delivered: still pending, still kept',
    );
    await deliver(); // its code expired long ago: abandoned
    assert.deepEqual(
      (await inbox()).map((m) => m.status),
      ['abandoned'],
    );
    // Queued two days ago, dealt with now: older than the emulator's 1 day of retention.
    assert.equal((await prune()).outbox, 1);
    assert.deepEqual(await inbox(), []);

    await send();
    await roundRecorded();
    assert.deepEqual(
      (await inbox()).map((m) => m.status),
      ['sent'],
    );
    await harness.advanceClock(DAY - MINUTE);
    assert.equal((await prune()).outbox, 0, 'younger than the retention period');
    assert.equal((await inbox()).length, 1);
    await harness.advanceClock(2 * MINUTE);
    assert.equal((await prune()).outbox, 1);
    assert.deepEqual(await inbox(), []);

    const metrics = await metricsText();
    assert.match(metrics, new RegExp(`^canopy_retention_pruned_rows_total\\{table="outbox"\\} ${prunedBefore + 2}$`, 'm'));
    assert.match(metrics, /^canopy_store_size_bytes [1-9]\d*$/m);
    assert.match(metrics, /^canopy_store_table_bytes\{table="verification_codes"\} [1-9]\d*$/m);
  });

  test('a write replayed inside its timestamp window is refused, however far the emulator clock moved and whatever was pruned', async () => {
    const { path, headers } = signedSendCode(harness, caller, PHONE);
    const call = async () => {
      const response = await fetch(`${harness.url}${path}`, { method: 'POST', headers });
      return { status: response.status, body: (await response.json()) as { Code?: string } };
    };
    assert.equal((await call()).status, 200);
    await harness.advanceClock(3 * DAY);
    await prune();
    const replay = await call();
    assert.deepEqual([replay.status, replay.body.Code], [400, 'SignatureNonceUsed']);
  });
});
