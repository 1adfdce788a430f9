import assert from 'node:assert/strict';
import { ApiError } from '../../src/errors/api-error.js';
import type { PhoneWindow } from '../../src/domain/verification/store.js';
import { contract } from './engines.js';
import { HOUR, MINUTE, T0, at } from './fixtures.js';

const PHONE = '1-2025550123';
const OTHER = '44-7911123456';

/** The store methods behind the production-mode protections (src/domain/verification/phone-guard.ts). */
contract('VerificationStore: phone windows and country buckets', (ctx) => {
  const take = (phone: string, window: PhoneWindow, start: Date, limit: number) =>
    ctx.tx((tx) => tx.verification.takePhoneWindow(phone, window, start, limit));
  const takeCountry = (countryCode: string, hour: Date, limit: number) =>
    ctx.tx((tx) => tx.verification.takeCountrySend(countryCode, hour, limit));
  const sends = (countryCode: string, from: Date, to: Date) => ctx.tx((tx) => tx.verification.countrySends(countryCode, from, to));

  ctx.test('takePhoneWindow answers true exactly `limit` times, then false, counting nothing when it refuses', async () => {
    const answers: boolean[] = [];
    for (let i = 0; i < 6; i++) answers.push(await take(PHONE, 'hour', T0, 3));
    assert.deepEqual(answers, [true, true, true, false, false, false]);
    // Had the refusals counted, a limit one higher would still refuse.
    assert.equal(await take(PHONE, 'hour', T0, 4), true);
    assert.equal(await take(PHONE, 'hour', T0, 4), false);
  });

  ctx.test('takePhoneWindow counts per phone, window kind and window start', async () => {
    assert.equal(await take(PHONE, 'minute', T0, 1), true);
    assert.equal(await take(PHONE, 'minute', T0, 1), false);
    assert.equal(await take(OTHER, 'minute', T0, 1), true, 'another phone');
    assert.equal(await take(PHONE, 'hour', T0, 1), true, 'another kind, same start');
    assert.equal(await take(PHONE, 'day', T0, 1), true, 'another kind, same start');
    assert.equal(await take(PHONE, 'minute', at(MINUTE), 1), true, 'the next window');
    assert.equal(await take(PHONE, 'minute', at(MINUTE), 1), false);
  });

  ctx.test('takePhoneWindow with a limit below 1 takes nothing', async () => {
    assert.equal(await take(PHONE, 'minute', T0, 0), false);
    assert.equal(await take(PHONE, 'minute', T0, 1), true, 'the refused call left the window empty');
  });

  ctx.test('takePhoneWindow is exact under 30 concurrent transactions: limit 5 gives exactly 5', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => take(PHONE, 'minute', T0, 5)));
    assert.equal(answers.filter(Boolean).length, 5);
    assert.equal(await take(PHONE, 'minute', T0, 5), false);
    assert.equal(await take(PHONE, 'minute', T0, 6), true, 'exactly 5 were counted');
  });

  ctx.test('takePhoneWindow is exact when many calls share one transaction', async () => {
    const answers = await ctx.tx((tx) =>
      Promise.all(Array.from({ length: 30 }, () => tx.verification.takePhoneWindow(PHONE, 'day', T0, 5))),
    );
    assert.equal(answers.filter(Boolean).length, 5);
  });

  ctx.test('counters taken in a transaction or savepoint that fails are not counted', async () => {
    await assert.rejects(
      ctx.tx(async (tx) => {
        assert.equal(await tx.verification.takePhoneWindow(PHONE, 'minute', T0, 1), true);
        assert.equal(await tx.verification.takeCountrySend('1', T0, 1), true);
        throw new ApiError('Throttling.VerificationCode', { retryAfterMs: 1 });
      }),
      ApiError,
    );
    assert.equal(await take(PHONE, 'minute', T0, 1), true, 'the failed transaction took nothing');
    assert.equal(await sends('1', T0, at(1)), 0);

    // The way the RPC pipeline runs an action: in a savepoint, inside a transaction that goes on.
    const outcome = await ctx.tx(async (tx) => {
      try {
        await tx.savepoint(async () => {
          await tx.verification.takePhoneWindow(OTHER, 'minute', T0, 1);
          await tx.verification.takeCountrySend('44', T0, 1);
          throw new ApiError('Throttling.CountryPrefix');
        });
      } catch (error) {
        return (error as ApiError).code;
      }
      return 'no error';
    });
    assert.equal(outcome, 'Throttling.CountryPrefix');
    assert.equal(await take(OTHER, 'minute', T0, 1), true, 'the savepoint was rolled back');
    assert.equal(await sends('44', T0, at(1)), 0);
  });

  ctx.test('takeCountrySend answers true exactly `limit` times per code and hour, also under concurrency', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => takeCountry('1', T0, 7)));
    assert.equal(answers.filter(Boolean).length, 7);
    assert.equal(await takeCountry('1', T0, 7), false);
    assert.equal(await takeCountry('1', T0, 0), false, 'a limit below 1 takes nothing');
    assert.equal(await takeCountry('44', T0, 1), true, 'another code');
    assert.equal(await takeCountry('1', at(HOUR), 1), true, 'another hour');
    assert.equal(await sends('1', T0, at(HOUR)), 7);
    assert.equal(await sends('1', T0, at(HOUR + 1)), 8);
  });

  ctx.test('countrySends sums the buckets that start in [from, to), per country code', async () => {
    await ctx.tx(async (tx) => {
      for (let h = 0; h < 30; h++) {
        for (let i = 0; i <= h % 3; i++) await tx.verification.takeCountrySend('1', at(h * HOUR), 100);
      }
      await tx.verification.takeCountrySend('44', at(5 * HOUR), 100);
      await tx.verification.takeCountrySend('12', at(5 * HOUR), 100);
    });
    // Hour h holds 1 + h % 3 sends.
    const expected = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => 1 + ((from + i) % 3)).reduce((a, b) => a + b, 0);
    assert.equal(await sends('1', at(0), at(30 * HOUR)), expected(0, 30));
    assert.equal(await sends('1', at(5 * HOUR), at(29 * HOUR)), expected(5, 29), 'from inclusive, to exclusive');
    assert.equal(await sends('1', at(5 * HOUR + 1), at(6 * HOUR)), 0, 'buckets are matched by their start');
    assert.equal(await sends('44', at(0), at(30 * HOUR)), 1);
    assert.equal(await sends('4', at(0), at(30 * HOUR)), 0, 'codes are matched exactly, not by prefix');
    assert.equal(await sends('86', at(0), at(30 * HOUR)), 0, 'no rows: zero');
  });

  ctx.test('pruneSendCounters deletes what starts before the cut-off, and reset wipes the rest', async () => {
    await ctx.tx(async (tx) => {
      await tx.verification.takePhoneWindow(PHONE, 'minute', at(-2 * HOUR), 1);
      await tx.verification.takePhoneWindow(PHONE, 'day', at(-HOUR), 1);
      await tx.verification.takePhoneWindow(PHONE, 'minute', T0, 1);
      await tx.verification.takeCountrySend('1', at(-HOUR), 5);
      await tx.verification.takeCountrySend('1', T0, 5);
    });
    assert.equal(await ctx.tx((tx) => tx.verification.pruneSendCounters(T0, 100)), 3);
    assert.equal(await ctx.tx((tx) => tx.verification.pruneSendCounters(T0, 100)), 0);
    assert.equal(await take(PHONE, 'minute', at(-2 * HOUR), 1), true, 'the pruned window starts empty');
    assert.equal(await take(PHONE, 'minute', T0, 1), false, 'the current window was kept');
    assert.equal(await sends('1', at(-2 * HOUR), at(HOUR)), 1);

    await ctx.store().reset();
    assert.equal(await take(PHONE, 'minute', T0, 1), true, 'reset empties phone windows');
    assert.equal(await sends('1', at(-2 * HOUR), at(HOUR)), 0, 'reset empties country buckets');
  });

  ctx.test('pruneSendCounters deletes at most `limit` rows, the oldest of each table first, table after table', async () => {
    const phones = ['1-2025550101', '1-2025550102', '1-2025550103'];
    await ctx.tx(async (tx) => {
      for (const [i, phone] of phones.entries()) await tx.verification.takePhoneWindow(phone, 'minute', at((i - 3) * HOUR), 1);
      await tx.verification.takePhoneWindow(PHONE, 'minute', T0, 1);
      await tx.verification.takeCountrySend('1', at(-2 * HOUR), 5);
      await tx.verification.takeCountrySend('44', at(-HOUR), 5);
      await tx.verification.takeCountrySend('1', T0, 5);
      await tx.verification.takeWrongTry('1000000000000001', PHONE, at(-HOUR), HOUR, 5);
    });
    const prune = () => ctx.tx((tx) => tx.verification.pruneSendCounters(T0, 2));
    assert.equal(await prune(), 2, 'the two oldest phone windows');
    assert.equal(await take(phones[2]!, 'minute', at(-HOUR), 1), false, 'the third is still counted');
    assert.equal(await prune(), 2, 'the third phone window, then the oldest country hour');
    assert.equal(await sends('44', at(-2 * HOUR), T0), 1, 'the later country hour is still counted');
    assert.equal(await prune(), 2, 'the later country hour, then the wrong-try budget');
    assert.equal(await prune(), 0);
    assert.equal(await take(PHONE, 'minute', T0, 1), false, 'the current window was kept');
    assert.equal(await sends('1', T0, at(HOUR)), 1, 'the current hour was kept');
  });

  ctx.test(
    'phone windows and country buckets survive reopening a durable engine',
    { skip: ctx.engine.durable ? false : 'this engine keeps nothing across a reopen' },
    async () => {
      await ctx.tx(async (tx) => {
        await tx.verification.takePhoneWindow(PHONE, 'day', T0, 2);
        await tx.verification.takeCountrySend('1', T0, 10);
      });
      const store = await ctx.reopen();
      const read = await store.transaction(async (tx) => ({
        window: [await tx.verification.takePhoneWindow(PHONE, 'day', T0, 2), await tx.verification.takePhoneWindow(PHONE, 'day', T0, 2)],
        sends: await tx.verification.countrySends('1', T0, at(HOUR)),
      }));
      assert.deepEqual(read, { window: [true, false], sends: 1 });
    },
  );
});
