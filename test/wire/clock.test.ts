import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectApiError, models, sdkClient, sdkSendCode, startServer, type Harness, type TestAccount } from '../helpers/harness.js';

const PHONE = '1-2025550123';

/** Seconds from `now` until the next time the wall clock in `timeZone` reads 23:59:00. */
function secondsUntil2359(now: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, Number(p.value)]),
  );
  const secondsToday = parts['hour']! * 3600 + parts['minute']! * 60 + parts['second']!;
  const target = 23 * 3600 + 59 * 60;
  return (target - secondsToday + 86_400) % 86_400 || 86_400;
}

describe('time-dependent rules on the emulator clock', () => {
  let harness: Harness;
  let caller: TestAccount;
  before(async () => (harness = await startServer()));
  beforeEach(async () => {
    await harness.reset();
    caller = await harness.createAccount();
  });
  after(() => harness.close());

  const send = () => sdkSendCode(harness, caller, PHONE);
  const enable = (code: string, name = 'clock@rdadmin.aliyunid.com') =>
    sdkClient(harness, caller).enableResourceDirectory(
      new models.EnableResourceDirectoryRequest({
        enableMode: 'NewManagementAccount',
        MAName: name,
        MASecureMobilePhone: PHONE,
        verificationCode: code,
      }),
    );
  const wrongOf = (code: string) => (code === '000000' ? '111111' : '000000');

  test('a code expires after its validity (10 minutes)', async () => {
    await send();
    const code = await harness.latestCode(PHONE, caller.accountId);
    await harness.advanceClock(599);
    const dry = await sdkClient(harness, caller, 'V1').enableResourceDirectory(
      new models.EnableResourceDirectoryRequest({
        enableMode: 'NewManagementAccount',
        MAName: 'x1@rdadmin.aliyunid.com',
        verificationCode: code,
      }),
    );
    assert.equal(dry.statusCode, 200); // still valid at 9:59 (and this one consumed it)
    await harness.reset();
    caller = await harness.createAccount();
    await send();
    const late = await harness.latestCode(PHONE, caller.accountId);
    await harness.advanceClock(601);
    await expectApiError(() => enable(late), 409, 'Invalid.VerificationCode');
  });

  test('the daily quota resets at midnight Asia/Shanghai, not at UTC midnight', async () => {
    // Put the emulator at 23:59 UTC (07:59 in Shanghai): crossing UTC midnight must not reset the quota.
    await harness.advanceClock(secondsUntil2359(harness.canopy.clock.now(), 'UTC'));
    for (let i = 0; i < 100; i++) await send();
    await expectApiError(send, 409, 'SendValidateCodeExceedsLimitForAccount');
    await harness.advanceClock(120);
    await expectApiError(send, 409, 'SendValidateCodeExceedsLimitForAccount');

    // Now to 23:59 in Shanghai: two minutes later it is a new quota day.
    await harness.advanceClock(secondsUntil2359(harness.canopy.clock.now(), 'Asia/Shanghai'));
    await expectApiError(send, 409, 'SendValidateCodeExceedsLimitForAccount');
    await harness.advanceClock(120);
    await send();
  });

  test('five wrong tries burn a code', async () => {
    await send();
    const code = await harness.latestCode(PHONE, caller.accountId);
    for (let i = 0; i < 5; i++) await expectApiError(() => enable(wrongOf(code)), 409, 'Invalid.VerificationCode');
    await expectApiError(() => enable(code), 409, 'Invalid.VerificationCode');
    // A fresh code works.
    await send();
    const fresh = await harness.latestCode(PHONE, caller.accountId);
    assert.equal((await enable(fresh)).statusCode, 200);
  });

  test('a dry run with a wrong code still counts as a wrong try', async () => {
    await send();
    const code = await harness.latestCode(PHONE, caller.accountId);
    const dry = (value: string) =>
      sdkClient(harness, caller).enableResourceDirectory(
        new models.EnableResourceDirectoryRequest({
          enableMode: 'NewManagementAccount',
          MAName: 'dry@rdadmin.aliyunid.com',
          verificationCode: value,
        }),
      );
    const pop = async (value: string) => {
      const { popClient } = await import('../helpers/harness.js');
      return popClient(harness, caller, 'POST').request('EnableResourceDirectory', {
        EnableMode: 'NewManagementAccount',
        MAName: 'dry@rdadmin.aliyunid.com',
        VerificationCode: value,
        DryRun: true,
      });
    };
    for (let i = 0; i < 5; i++) await expectApiError(() => pop(wrongOf(code)), 409, 'Invalid.VerificationCode');
    await expectApiError(() => dry(code), 409, 'Invalid.VerificationCode');
  });

  test('ten wrong tries in an hour block the phone; a resend does not reset the count', async () => {
    for (let round = 0; round < 2; round++) {
      await send();
      const code = await harness.latestCode(PHONE, caller.accountId);
      for (let i = 0; i < 5; i++) await expectApiError(() => enable(wrongOf(code)), 409, 'Invalid.VerificationCode');
    }
    // Ten wrong tries so far: a resent code is refused even when right...
    await send();
    const blocked = await harness.latestCode(PHONE, caller.accountId);
    await expectApiError(() => enable(blocked), 409, 'Invalid.VerificationCode');
    // ...until the hour has passed (the code itself is still within its 10 minutes).
    await harness.advanceClock(3_000);
    await send();
    const later = await harness.latestCode(PHONE, caller.accountId);
    await expectApiError(() => enable(later), 409, 'Invalid.VerificationCode');
    await harness.advanceClock(601);
    await send();
    const free = await harness.latestCode(PHONE, caller.accountId);
    assert.equal((await enable(free)).statusCode, 200);
  });

  test('the admin clock only moves forward and only in emulator mode', async () => {
    const back = await harness.admin('POST', '/_canopy/clock', { advanceSeconds: -5 });
    assert.equal(back.status, 400);
    const before = Date.parse((await harness.admin('GET', '/_canopy/clock')).body.now);
    await harness.advanceClock(86_400);
    const after = Date.parse((await harness.admin('GET', '/_canopy/clock')).body.now);
    assert.ok(after - before >= 86_400_000);
  });
});
