import assert from 'node:assert/strict';
import type { Clock } from '../../src/domain/clock.js';
import { cryptoRandom } from '../../src/domain/random.js';
import { PROTECTIONS_OFF, type ProtectionSettings } from '../../src/domain/verification/phone-guard.js';
import { VerificationService, type VerificationSettings } from '../../src/domain/verification/service.js';
import { ApiError } from '../../src/errors/api-error.js';
import { contract } from './engines.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const SECOND = 1000;
/** 16:00:00 in Asia/Shanghai on 1 March, eight hours before the quota day ends (16:00Z). */
const START = Date.parse('2025-03-01T08:00:00.000Z');
const DAY_END = Date.parse('2025-03-01T16:00:00.000Z');

const A = '1000000000000001';
const B = '1000000000000002';
const US = (n: number) => `1-20255501${String(n).padStart(2, '0')}`;
const UK = '44-7911123456';

const verificationSettings = (dailyLimit = 100): VerificationSettings => ({
  codeTtlSeconds: 600,
  dailyLimit,
  quotaTimeZone: 'Asia/Shanghai',
  maxTriesPerCode: 5,
  maxWrongTriesPerHour: 10,
});

const on = (overrides: Partial<ProtectionSettings> = {}): ProtectionSettings => ({ ...PROTECTIONS_OFF, enabled: true, ...overrides });

/**
 * The production-mode protections through VerificationService.send on every engine, with the clock
 * in the test's hands: each window, the order of the checks, the retry times, and that a refusal
 * anywhere leaves every counter as it was.
 */
contract('VerificationService.send with production-mode protections', (ctx) => {
  let now = START;
  const clock: Clock = { now: () => new Date(now) };
  const service = (protections?: ProtectionSettings, dailyLimit?: number) =>
    new VerificationService(clock, cryptoRandom, verificationSettings(dailyLimit), Buffer.alloc(32, 7), protections);

  /** As the RPC pipeline runs an action: in a savepoint, the refusal caught, the transaction committed. */
  const send = (svc: VerificationService, phone: string, accountId = A) =>
    ctx.tx(async (tx) => {
      try {
        await tx.savepoint(() => svc.send(tx, { accountId, purpose: 'EnableRD', phone }));
        return 'sent' as const;
      } catch (error) {
        if (error instanceof ApiError) return error;
        throw error;
      }
    });
  const refused = async (result: Promise<'sent' | ApiError>, code: string, retryAfterMs?: number) => {
    const outcome = await result;
    assert.ok(outcome instanceof ApiError, `expected ${code}, the send went through`);
    assert.equal(outcome.code, code);
    assert.equal(outcome.retryAfterMs, retryAfterMs);
  };
  const sent = async (result: Promise<'sent' | ApiError>, label = '') => {
    const outcome = await result;
    assert.equal(outcome === 'sent' ? 'sent' : `${outcome.code}`, 'sent', label);
  };
  const countrySends = (code: string) =>
    ctx.tx((tx) => tx.verification.countrySends(code, new Date(START - 48 * HOUR), new Date(START + 48 * HOUR)));

  ctx.test('defaults: 1 a minute, 5 an hour, 10 a quota day per phone, each refusal with the time to its window end', async () => {
    now = START;
    const svc = service(on());
    await sent(send(svc, US(1)));
    now = START + 40 * SECOND;
    await refused(send(svc, US(1)), 'Throttling.VerificationCode', 20 * SECOND);
    await refused(send(svc, US(1), B), 'Throttling.VerificationCode', 20 * SECOND); // per phone, whatever the account
    await sent(send(svc, US(2)), 'another phone is not limited');
    for (let m = 1; m < 5; m++) {
      now = START + m * MINUTE;
      await sent(send(svc, US(1)), `minute ${m}`);
    }
    now = START + 5 * MINUTE + 30 * SECOND;
    await refused(send(svc, US(1)), 'Throttling.VerificationCode', 54 * MINUTE + 30 * SECOND);
    for (let m = 0; m < 5; m++) {
      now = START + HOUR + m * MINUTE;
      await sent(send(svc, US(1)), `second hour, minute ${m}`);
    }
    now = START + 2 * HOUR;
    await refused(send(svc, US(1)), 'Throttling.VerificationCode', DAY_END - now);
    now = DAY_END - 1;
    await refused(send(svc, US(1)), 'Throttling.VerificationCode', 1);
    now = DAY_END;
    await sent(send(svc, US(1)), 'a new quota day in Asia/Shanghai');
    assert.equal(await countrySends('1'), 12);
  });

  ctx.test('the allow-list refuses other country codes with 409 InvalidParameter.MobileCountryCode, before counting anything', async () => {
    now = START;
    const svc = service(on({ countryAllowList: ['44', '65'] }));
    await refused(send(svc, US(1)), 'InvalidParameter.MobileCountryCode');
    await sent(send(svc, UK));
    assert.equal(await countrySends('1'), 0);
    assert.equal(await ctx.tx((tx) => tx.verification.takePhoneWindow(US(1), 'minute', new Date(START), 1)), true, 'no window was taken');
  });

  ctx.test("the prefix breaker: the floor for a quiet prefix, the factor times a busy prefix's baseline", async () => {
    now = START + 10 * MINUTE;
    const svc = service(on({ prefixBreaker: { factor: 2, floor: 3 } }));
    for (let i = 0; i < 3; i++) await sent(send(svc, US(i)));
    await refused(send(svc, US(3)), 'Throttling.CountryPrefix', 50 * MINUTE);
    await sent(send(svc, UK), 'another country code is not affected');
    assert.equal(await countrySends('1'), 3, 'the refused send was not counted');
    assert.equal(
      await ctx.tx((tx) => tx.verification.takePhoneWindow(US(3), 'minute', new Date(START + 10 * MINUTE), 1)),
      true,
      'the refused send did not keep its per-phone window either',
    );

    // Give the prefix a history: 12 an hour over the 24 hours before the next hour (the current
    // hour, START, already holds 3). Baseline 12 x factor 2: 24 in an hour.
    const next = START + HOUR;
    await ctx.tx(async (tx) => {
      for (let h = 1; h <= 24; h++) {
        const bucket = new Date(next - h * HOUR);
        const have = h === 1 ? 3 : 0;
        for (let i = have; i < 12; i++) assert.equal(await tx.verification.takeCountrySend('1', bucket, 1000), true);
      }
    });
    now = next + 5 * SECOND;
    for (let i = 0; i < 24; i++) await sent(send(svc, US(10 + i), i < 12 ? A : B), `send ${i + 1} of 24`);
    await refused(send(svc, US(40)), 'Throttling.CountryPrefix', HOUR - 5 * SECOND);
  });

  ctx.test('every check runs before the daily quota, and a later refusal leaves every counter as it was', async () => {
    now = START;
    const svc = service(on(), 2);
    await sent(send(svc, US(1)));
    await sent(send(svc, US(2)));
    await refused(send(svc, US(3)), 'SendValidateCodeExceedsLimitForAccount');
    assert.equal(await countrySends('1'), 2, 'the send the daily quota refused was not counted for the prefix');
    await sent(send(svc, US(3), B), "nor in the phone's minute window");
    // A phone over its limit is refused as such, even for an account whose daily quota is used up.
    await refused(send(svc, US(1)), 'Throttling.VerificationCode', MINUTE);
  });

  ctx.test('protections off (emulator mode): three sends to one phone in a minute all go through, and nothing is counted', async () => {
    now = START;
    const svc = service();
    for (let i = 0; i < 3; i++) await sent(send(svc, US(1)));
    const explicit = service(PROTECTIONS_OFF);
    for (let i = 0; i < 3; i++) await sent(send(explicit, US(1)));
    assert.equal(await countrySends('1'), 0);
  });

  ctx.test('pruneSendCounters drops counters older than two days', async () => {
    now = START;
    const svc = service(on());
    await sent(send(svc, US(1)));
    assert.equal(await ctx.tx((tx) => svc.pruneSendCounters(tx, 100)), 0);
    now = START + 49 * HOUR;
    assert.equal(await ctx.tx((tx) => svc.pruneSendCounters(tx, 100)), 4, 'three phone windows and one country bucket');
  });
});
