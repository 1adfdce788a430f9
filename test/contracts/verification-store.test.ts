import assert from 'node:assert/strict';
import { contract } from './engines.js';
import { HOUR, MINUTE, T0, at, code } from './fixtures.js';

const A = '1000000000000001';
const B = '1000000000000002';
const PHONE = '1-2025550123';
const OTHER = '44-7911123456';

contract('VerificationStore', (ctx) => {
  const quota = (accountId: string, day: string, limit: number, purpose: 'EnableRD' | 'BindSecureMobilePhone' = 'EnableRD') =>
    ctx.tx((tx) => tx.verification.takeDailyQuota(accountId, purpose, day, limit));

  ctx.test('takeDailyQuota answers true exactly `limit` times, then false', async () => {
    const answers: boolean[] = [];
    for (let i = 0; i < 7; i++) answers.push(await quota(A, '2025-03-01', 5));
    assert.deepEqual(answers, [true, true, true, true, true, false, false]);
  });

  ctx.test('takeDailyQuota counts nothing when it refuses', async () => {
    for (let i = 0; i < 3; i++) assert.equal(await quota(A, '2025-03-01', 3), true);
    for (let i = 0; i < 10; i++) assert.equal(await quota(A, '2025-03-01', 3), false);
    // Had the refusals counted, a limit one higher would still refuse.
    assert.equal(await quota(A, '2025-03-01', 4), true);
    assert.equal(await quota(A, '2025-03-01', 4), false);
  });

  ctx.test('takeDailyQuota counts per account, purpose and day', async () => {
    assert.equal(await quota(A, '2025-03-01', 1), true);
    assert.equal(await quota(A, '2025-03-01', 1), false);
    assert.equal(await quota(B, '2025-03-01', 1), true, 'another account');
    assert.equal(await quota(A, '2025-03-01', 1, 'BindSecureMobilePhone'), true, 'another purpose');
    assert.equal(await quota(A, '2025-03-02', 1), true, 'another day');
    assert.equal(await quota(A, '2025-03-02', 1), false);
  });

  ctx.test('takeDailyQuota is exact under 300 concurrent transactions', async () => {
    const answers = await Promise.all(Array.from({ length: 300 }, () => quota(A, '2025-03-01', 100)));
    assert.equal(answers.filter(Boolean).length, 100);
    assert.equal(await quota(A, '2025-03-01', 100), false);
    assert.equal(await quota(A, '2025-03-01', 101), true, 'exactly 100 were counted');
  });

  ctx.test('takeDailyQuota is exact when many calls share one transaction', async () => {
    const answers = await ctx.tx((tx) =>
      Promise.all(Array.from({ length: 30 }, () => tx.verification.takeDailyQuota(A, 'EnableRD', 'd', 10))),
    );
    assert.equal(answers.filter(Boolean).length, 10);
  });

  ctx.test('putCode then getCode returns the code as stored', async () => {
    const stored = code(A, { createdAt: at(1), expiresAt: at(10 * MINUTE + 1) });
    await ctx.tx((tx) => tx.verification.putCode(stored));
    const read = await ctx.tx(async (tx) => ({
      code: await tx.verification.getCode(A, 'EnableRD', PHONE),
      otherPhone: await tx.verification.getCode(A, 'EnableRD', OTHER),
      otherPurpose: await tx.verification.getCode(A, 'BindSecureMobilePhone', PHONE),
      otherAccount: await tx.verification.getCode(B, 'EnableRD', PHONE),
    }));
    assert.deepEqual(read.code, stored);
    assert.equal(read.otherPhone, undefined);
    assert.equal(read.otherPurpose, undefined);
    assert.equal(read.otherAccount, undefined);
  });

  ctx.test('putCode replaces the earlier code for the same account, purpose and phone, resetting attempts', async () => {
    const first = code(A, { codeHash: 'first' });
    await ctx.tx((tx) => tx.verification.putCode(first));
    await ctx.tx(async (tx) => {
      assert.equal(await tx.verification.takeTry(first.id, 5, T0), true);
      assert.equal(await tx.verification.takeTry(first.id, 5, T0), true);
    });
    assert.equal((await ctx.tx((tx) => tx.verification.getCode(A, 'EnableRD', PHONE)))?.attempts, 2);
    assert.equal(await ctx.tx((tx) => tx.verification.consume(first.id, at(3000))), true);

    const second = code(A, { codeHash: 'second', createdAt: at(MINUTE), expiresAt: at(11 * MINUTE) });
    const elsewhere = code(A, { phone: OTHER, codeHash: 'elsewhere' });
    await ctx.tx(async (tx) => {
      await tx.verification.putCode(second);
      await tx.verification.putCode(elsewhere);
    });
    const read = await ctx.tx(async (tx) => ({
      current: await tx.verification.getCode(A, 'EnableRD', PHONE),
      elsewhere: await tx.verification.getCode(A, 'EnableRD', OTHER),
      consumeOld: await tx.verification.consume(first.id, at(4000)),
    }));
    assert.deepEqual(read.current, second);
    assert.equal(read.current?.attempts, 0);
    assert.equal(read.current?.consumedAt, null);
    assert.deepEqual(read.elsewhere, elsewhere, 'a code to another phone is kept beside it');
    assert.equal(read.consumeOld, false, 'the replaced code is gone');
    assert.equal((await ctx.tx((tx) => tx.verification.getCode(A, 'EnableRD', PHONE)))?.consumedAt, null);
  });

  ctx.test('hasLiveCodeForOtherPhone: only unexpired, unused codes of the same account and purpose to another phone', async () => {
    const live = (phone: string, now = T0, accountId = A) =>
      ctx.tx((tx) => tx.verification.hasLiveCodeForOtherPhone(accountId, 'EnableRD', phone, now));
    assert.equal(await live(PHONE), false, 'no codes at all');
    const toOther = code(A, { phone: OTHER, expiresAt: at(10 * MINUTE) });
    await ctx.tx(async (tx) => {
      await tx.verification.putCode(toOther);
      await tx.verification.putCode(code(A, { phone: '86-13800138000', purpose: 'BindSecureMobilePhone', expiresAt: at(HOUR) }));
    });
    assert.equal(await live(PHONE), true);
    assert.equal(await live(OTHER), false, 'the live EnableRD code is to this phone; the BindSecureMobilePhone code does not count');
    assert.equal(await live(PHONE, T0, B), false, 'another account');
    assert.equal(await live(PHONE, at(10 * MINUTE - 1)), true, 'a millisecond before expiry');
    assert.equal(await live(PHONE, at(10 * MINUTE)), false, 'expired at expiresAt');
    assert.equal(await live(PHONE, at(HOUR)), false);
    assert.equal(await ctx.tx((tx) => tx.verification.consume(toOther.id, at(1))), true);
    assert.equal(await live(PHONE), false, 'a used code is not live');
  });

  ctx.test('takeTry gives a code exactly maxTries checks, also under concurrency', async () => {
    const stored = code(A);
    const other = code(B);
    await ctx.tx(async (tx) => {
      await tx.verification.putCode(stored);
      await tx.verification.putCode(other);
    });
    const results = await Promise.all(Array.from({ length: 40 }, () => ctx.tx((tx) => tx.verification.takeTry(stored.id, 5, T0))));
    assert.equal(results.filter(Boolean).length, 5);
    assert.equal((await ctx.tx((tx) => tx.verification.getCode(A, 'EnableRD', PHONE)))?.attempts, 5);
    assert.equal(await ctx.tx((tx) => tx.verification.takeTry(other.id, 5, T0)), true, 'tries are per code');
    assert.equal(await ctx.tx((tx) => tx.verification.takeTry('vc-missing', 5, T0)), false);
  });

  ctx.test('takeTry takes nothing from a used or expired code', async () => {
    const used = code(A);
    const expiring = code(B, { expiresAt: at(10 * MINUTE) });
    await ctx.tx(async (tx) => {
      await tx.verification.putCode(used);
      await tx.verification.putCode(expiring);
      await tx.verification.consume(used.id, at(1));
    });
    assert.equal(await ctx.tx((tx) => tx.verification.takeTry(used.id, 5, at(2))), false, 'used');
    assert.equal(await ctx.tx((tx) => tx.verification.takeTry(expiring.id, 5, at(10 * MINUTE - 1))), true, 'a millisecond before expiry');
    assert.equal(await ctx.tx((tx) => tx.verification.takeTry(expiring.id, 5, at(10 * MINUTE))), false, 'expired at expiresAt');
    assert.equal((await ctx.tx((tx) => tx.verification.getCode(A, 'EnableRD', PHONE)))?.attempts, 0);
  });

  const takeWrong = (accountId: string, now: Date, limit = 3, phone = PHONE) =>
    ctx.tx((tx) => tx.verification.takeWrongTry(accountId, phone, now, HOUR, limit));

  ctx.test('takeWrongTry: `limit` tries in the hour that starts at the first, per account and phone', async () => {
    const answers: boolean[] = [];
    for (const offset of [0, 10 * MINUTE, 30 * MINUTE, 50 * MINUTE]) answers.push(await takeWrong(A, at(offset)));
    assert.deepEqual(answers, [true, true, true, false]);
    assert.equal(await takeWrong(A, at(5 * MINUTE), 3, OTHER), true, 'another phone');
    assert.equal(await takeWrong(B, at(5 * MINUTE)), true, 'another account');
    assert.equal(await takeWrong(A, at(HOUR - 1)), false, 'a millisecond before the hour has passed');
    // The hour that started at T0 has passed: a new one starts with this try.
    assert.equal(await takeWrong(A, at(HOUR)), true);
    assert.equal(await takeWrong(A, at(HOUR + MINUTE)), true);
    assert.equal(await takeWrong(A, at(HOUR + 2 * MINUTE)), true);
    assert.equal(await takeWrong(A, at(2 * HOUR - 1)), false);
    assert.equal(await takeWrong(A, at(2 * HOUR)), true);
    assert.equal(await takeWrong(A, T0, 0), false, 'a limit below 1 takes nothing');
  });

  ctx.test('takeWrongTry is exact under 40 concurrent transactions, and a refusal counts nothing', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => takeWrong(A, T0, 10)));
    assert.equal(answers.filter(Boolean).length, 10);
    assert.equal(await takeWrong(A, at(MINUTE), 10), false);
    assert.equal(await takeWrong(A, at(MINUTE), 11), true, 'exactly ten were counted');
  });

  ctx.test('returnWrongTry gives back the reservation of its transaction; an emptied window is no window', async () => {
    await ctx.tx(async (tx) => {
      assert.equal(await tx.verification.takeWrongTry(A, PHONE, T0, HOUR, 2), true);
      await tx.verification.returnWrongTry(A, PHONE);
    });
    // The returned try started no window: the hour starts with the first wrong try, 30 minutes on.
    assert.equal(await takeWrong(A, at(30 * MINUTE), 2), true);
    assert.equal(await takeWrong(A, at(40 * MINUTE), 2), true);
    await ctx.tx(async (tx) => {
      assert.equal(await tx.verification.takeWrongTry(A, PHONE, at(HOUR + 29 * MINUTE), HOUR, 2), false, 'full until 1:30');
      assert.equal(await tx.verification.takeWrongTry(A, PHONE, at(HOUR + 30 * MINUTE), HOUR, 2), true);
      await tx.verification.returnWrongTry(A, PHONE);
    });
    // The returned try ended the old window and started none: the hour starts again at 1:31.
    assert.equal(await takeWrong(A, at(HOUR + 31 * MINUTE), 1), true);
    assert.equal(await takeWrong(A, at(2 * HOUR + 30 * MINUTE), 1), false, 'the hour from 1:31 has one wrong try');
    assert.equal(await takeWrong(A, at(2 * HOUR + 31 * MINUTE), 1), true);
  });

  ctx.test('wrong tries outlive a resend: the budget is per (account, phone), not per code', async () => {
    await ctx.tx((tx) => tx.verification.putCode(code(A)));
    assert.equal(await takeWrong(A, at(MINUTE), 1), true);
    await ctx.tx((tx) => tx.verification.putCode(code(A)));
    assert.equal(await takeWrong(A, at(2 * MINUTE), 1), false);
  });

  ctx.test('pruneSendCounters drops wrong-try windows that started before the cutoff', async () => {
    assert.equal(await takeWrong(A, T0, 1), true);
    assert.equal(await takeWrong(B, at(HOUR), 1), true);
    assert.equal(await ctx.tx((tx) => tx.verification.pruneSendCounters(at(1), 100)), 1);
    assert.equal(await takeWrong(B, at(HOUR + 1), 1), false, 'the later window is kept');
  });

  ctx.test('consume marks the code used once', async () => {
    const stored = code(A);
    await ctx.tx((tx) => tx.verification.putCode(stored));
    assert.equal(await ctx.tx((tx) => tx.verification.consume(stored.id, at(5000))), true);
    assert.equal(await ctx.tx((tx) => tx.verification.consume(stored.id, at(6000))), false);
    assert.equal((await ctx.tx((tx) => tx.verification.getCode(A, 'EnableRD', PHONE)))?.consumedAt?.getTime(), at(5000).getTime());
    assert.equal(await ctx.tx((tx) => tx.verification.consume('vc-unknown', at(5000))), false);
  });

  ctx.test('consume is single-use under 100 concurrent transactions', async () => {
    const stored = code(A);
    await ctx.tx((tx) => tx.verification.putCode(stored));
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => ctx.tx((tx) => tx.verification.consume(stored.id, at(i)))));
    assert.equal(answers.filter(Boolean).length, 1);
    assert.equal(
      (await ctx.tx((tx) => tx.verification.getCode(A, 'EnableRD', PHONE)))?.consumedAt?.getTime(),
      at(answers.indexOf(true)).getTime(),
    );
  });

  ctx.test('a consume undone with its transaction leaves the code usable', async () => {
    const stored = code(A);
    await ctx.tx((tx) => tx.verification.putCode(stored));
    await assert.rejects(
      ctx.tx(async (tx) => {
        assert.equal(await tx.verification.consume(stored.id, at(1)), true);
        throw new Error('later check failed');
      }),
      /later check failed/,
    );
    assert.equal(await ctx.tx((tx) => tx.verification.consume(stored.id, at(2))), true);
  });

  // Only engines that keep data across a reopen can show it; the others list it as a skip.
  ctx.test(
    'quota and codes survive reopening a durable engine',
    { skip: ctx.engine.durable ? false : 'this engine keeps nothing across a reopen' },
    async () => {
      const stored = code(A);
      await ctx.tx(async (tx) => {
        for (let i = 0; i < 3; i++) await tx.verification.takeDailyQuota(A, 'EnableRD', 'd', 4);
        await tx.verification.putCode(stored);
      });
      const store = await ctx.reopen();
      const read = await store.transaction(async (tx) => ({
        quota: [await tx.verification.takeDailyQuota(A, 'EnableRD', 'd', 4), await tx.verification.takeDailyQuota(A, 'EnableRD', 'd', 4)],
        code: await tx.verification.getCode(A, 'EnableRD', PHONE),
      }));
      assert.deepEqual(read, { quota: [true, false], code: stored });
    },
  );
});
