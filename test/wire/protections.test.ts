import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  REQUEST_ID,
  expectApiError,
  models,
  sdkClient,
  sdkSendCode,
  signedSendCode,
  startServer,
  type Harness,
  type TestAccount,
} from '../helpers/harness.js';

/**
 * The production-mode protections against SMS pumping (docs/errors.md, "Production-mode
 * protections"), through the official SDK and raw signed requests.
 */

const PRODUCTION = { CANOPY_MODE: 'production', CANOPY_ADMIN_TOKEN: 't'.repeat(32), CANOPY_SECRET: 's'.repeat(40) };
const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Production mode runs on real time: start a sequence that must stay in one window well inside it. */
async function awayFromWindowEnd(windowMs: number, marginMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await sleep(left + 50);
}

/** Milliseconds from now to the end of the current fixed window of this size. */
const untilWindowEnd = (windowMs: number) => windowMs - (Date.now() % windowMs);

async function productionServer(env: Record<string, string>): Promise<{ harness: Harness; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-protections-'));
  const harness = await startServer({ ...PRODUCTION, CANOPY_STORE: 'sqlite', CANOPY_DATA_DIR: dir, ...env });
  return {
    harness,
    async dispose() {
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sender(harness: Harness) {
  const send = (account: TestAccount, phone: string) => sdkSendCode(harness, account, phone);

  /** A V3-signed request by hand, to see the status, the envelope and the headers as they are. */
  const raw = async (account: TestAccount, phone: string) => {
    const { path, headers } = signedSendCode(harness, account, phone);
    const response = await fetch(`${harness.url}${path}`, { method: 'POST', headers });
    return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) };
  };

  /** Refused through the SDK (status, Code, RequestId, and the retry time the SDK read) and by hand (the header). */
  const expectThrottled = async (account: TestAccount, phone: string, code: string, windowMs: number) => {
    await expectApiError(() => send(account, phone), 400, code);
    await assert.rejects(
      () => send(account, phone),
      (error: { name?: string; retryAfter?: number }) => {
        assert.equal(error.name, 'ThrottlingError', 'the SDK treats the code as throttling');
        assert.ok(error.retryAfter! > 0 && error.retryAfter! <= windowMs, `SDK retryAfter ${error.retryAfter}`);
        return true;
      },
    );
    const expected = untilWindowEnd(windowMs);
    const response = await raw(account, phone);
    assert.equal(response.status, 400);
    assert.equal(response.body.Code, code);
    assert.match(response.body.RequestId, REQUEST_ID);
    assert.equal(response.headers.get('x-acs-request-id'), response.body.RequestId);
    const retryAfter = Number(response.headers.get('x-acs-retry-after'));
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= windowMs,
      `x-acs-retry-after: ${response.headers.get('x-acs-retry-after')}`,
    );
    assert.ok(Math.abs(retryAfter - expected) < 2000, `x-acs-retry-after ${retryAfter} is the time to the window's end (${expected})`);
  };

  const messagesTo = async (phone: string) =>
    (await harness.admin('GET', `/_canopy/messages?phone=${encodeURIComponent(phone)}`)).body.messages.length as number;

  return { send, raw, expectThrottled, messagesTo };
}

describe('production mode: SMS protections', () => {
  let server: Awaited<ReturnType<typeof productionServer>>;
  let harness: Harness;
  let s: ReturnType<typeof sender>;
  before(async () => {
    server = await productionServer({ CANOPY_SMS_COUNTRY_ALLOWLIST: '1,65', CANOPY_PREFIX_BREAKER_FLOOR: '3' });
    harness = server.harness;
    s = sender(harness);
  });
  after(() => server.dispose());

  test('per phone, 1 a minute by default: 400 Throttling.VerificationCode with x-acs-retry-after, and nothing sent', async () => {
    const phone = '65-81234567';
    const account = await harness.createAccount();
    const other = await harness.createAccount();
    await awayFromWindowEnd(MINUTE, 5000);
    await s.send(account, phone);
    await s.expectThrottled(account, phone, 'Throttling.VerificationCode', MINUTE);
    // The limit is the phone's, whichever account asks.
    await expectApiError(() => s.send(other, phone), 400, 'Throttling.VerificationCode');
    await s.send(account, '65-91234567');
    assert.equal(await s.messagesTo(phone), 1, 'the refused sends queued no message');
  });

  test('a country calling code outside CANOPY_SMS_COUNTRY_ALLOWLIST: 409 InvalidParameter.MobileCountryCode', async () => {
    const account = await harness.createAccount();
    await expectApiError(() => s.send(account, '44-7911123456'), 409, 'InvalidParameter.MobileCountryCode');
    const response = await s.raw(account, '44-7911123456');
    assert.equal(response.status, 409);
    assert.equal(response.body.Code, 'InvalidParameter.MobileCountryCode');
    assert.equal(response.headers.get('x-acs-retry-after'), null);
    assert.equal(await s.messagesTo('44-7911123456'), 0);
  });

  test('the prefix breaker: past max(floor, factor x baseline) sends to +1 this hour, 400 Throttling.CountryPrefix until the hour ends', async () => {
    const account = await harness.createAccount();
    await awayFromWindowEnd(HOUR, 15_000);
    // No history on this server: the floor, 3 accepted sends to +1 numbers this hour.
    for (const phone of ['1-2025550123', '1-2125550123', '1-3125550123']) await s.send(account, phone);
    await s.expectThrottled(account, '1-4155550123', 'Throttling.CountryPrefix', HOUR);
    await s.send(account, '65-81234568');
    assert.equal(await s.messagesTo('1-4155550123'), 0);
  });
});

describe('production mode: per-hour phone limit', () => {
  test('CANOPY_PHONE_LIMIT_PER_HOUR=2: the third send this hour is refused until the hour ends', async () => {
    const server = await productionServer({ CANOPY_PHONE_LIMIT_PER_MINUTE: '10', CANOPY_PHONE_LIMIT_PER_HOUR: '2' });
    try {
      const s = sender(server.harness);
      const account = await server.harness.createAccount();
      await awayFromWindowEnd(HOUR, 15_000);
      await s.send(account, '1-2025550123');
      await s.send(account, '1-2025550123');
      await s.expectThrottled(account, '1-2025550123', 'Throttling.VerificationCode', HOUR);
    } finally {
      await server.dispose();
    }
  });
});

describe('emulator mode: no SMS protections', () => {
  let harness: Harness;
  before(async () => {
    // Even with every protection configured as tightly as possible, emulator mode applies none.
    harness = await startServer({ CANOPY_SMS_COUNTRY_ALLOWLIST: '65', CANOPY_PREFIX_BREAKER_FLOOR: '1', CANOPY_PHONE_LIMIT_PER_DAY: '1' });
  });
  after(() => harness.close());

  test('three sends to one phone in a minute, to a code outside the allow-list, past the breaker floor: all go through', async () => {
    const account = await harness.createAccount();
    const client = sdkClient(harness, account);
    for (let i = 0; i < 3; i++) {
      await client.sendVerificationCodeForEnableRD(
        new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: '1-2025550123' }),
      );
    }
    await client.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: '44-7911123456' }));
    const inbox = await harness.admin('GET', `/_canopy/messages?accountId=${account.accountId}`);
    assert.equal(inbox.body.messages.length, 4);
  });
});

describe('emulator mode with CANOPY_SMS_PROTECTIONS=on (for tests of the protections)', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer({ CANOPY_SMS_PROTECTIONS: 'on' });
  });
  after(() => harness.close());

  test('the minute window follows the emulator clock', async () => {
    const account = await harness.createAccount();
    const { send, raw } = sender(harness);
    await send(account, '1-2025550123');
    await expectApiError(() => send(account, '1-2025550123'), 400, 'Throttling.VerificationCode');
    const refused = await raw(account, '1-2025550123');
    const retryAfter = Number(refused.headers.get('x-acs-retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= MINUTE);
    await harness.advanceClock(Math.ceil(retryAfter / 1000));
    await send(account, '1-2025550123');
  });
});
