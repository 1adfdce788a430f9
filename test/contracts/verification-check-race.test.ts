import assert from 'node:assert/strict';
import type { Clock } from '../../src/domain/clock.js';
import { cryptoRandom } from '../../src/domain/random.js';
import type { DomainStores } from '../../src/domain/store.js';
import { VerificationService, type CodeRequest } from '../../src/domain/verification/service.js';
import { ApiError } from '../../src/errors/api-error.js';
import { contract } from './engines.js';

const START = Date.parse('2025-03-01T08:00:00.000Z');
const PHONE = '1-2025550123';
const MAX_TRIES = 5;
const WRONG_PER_HOUR = 10;
const GUESSES = 40;

/**
 * Many checks of one code at once, as parallel requests on any number of instances make them: the
 * code's tries and the hourly wrong-try budget are taken by conditional statements, so no stale read
 * lets a check through past them. SQLite runs transactions one at a time, so a stale read cannot
 * happen there; on PostgreSQL (READ COMMITTED) only the statements' answers stop it.
 */
contract('VerificationService.verify under concurrency', (ctx) => {
  const clock: Clock = { now: () => new Date(START) };
  const service = new VerificationService(
    clock,
    cryptoRandom,
    {
      codeTtlSeconds: 600,
      dailyLimit: 100,
      quotaTimeZone: 'Asia/Shanghai',
      maxTriesPerCode: MAX_TRIES,
      maxWrongTriesPerHour: WRONG_PER_HOUR,
    },
    Buffer.alloc(32, 9),
  );
  const request: CodeRequest = { accountId: '1000000000000001', purpose: 'EnableRD', phone: PHONE };

  const sendCode = async (): Promise<string> =>
    ctx.tx(async (tx) => {
      await service.send(tx, request);
      const [latest] = await tx.outbox.list({}, 1);
      return latest!.code;
    });
  /** As the RPC pipeline runs an Action: in a savepoint, a refusal caught and the transaction committed. */
  const check = (code: string, consume = false) =>
    ctx.tx(async (tx: DomainStores) => {
      try {
        await tx.savepoint(() => service.verify(tx, request, code, consume, 'Invalid.VerificationCode'));
        return 'accepted' as const;
      } catch (error) {
        if (error instanceof ApiError) return error.code;
        throw error;
      }
    });
  const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const attempts = async () => (await ctx.tx((tx) => tx.verification.getCode(request.accountId, 'EnableRD', PHONE)))!.attempts;
  const tally = (results: string[]) => {
    const counts: Record<string, number> = {};
    for (const r of results) counts[r] = (counts[r] ?? 0) + 1;
    return counts;
  };

  ctx.test(`${GUESSES} parallel checks of the right code without using it up: exactly ${MAX_TRIES} are checked`, async () => {
    const code = await sendCode();
    const results = await Promise.all(Array.from({ length: GUESSES }, () => check(code)));
    assert.deepEqual(tally(results), { accepted: MAX_TRIES, 'Invalid.VerificationCode': GUESSES - MAX_TRIES });
    assert.equal(await attempts(), MAX_TRIES);
  });

  ctx.test(
    `${GUESSES} parallel wrong guesses at one code: exactly ${MAX_TRIES} are checked, and only those count against the hour`,
    async () => {
      const code = await sendCode();
      const results = await Promise.all(Array.from({ length: GUESSES }, () => check(wrongOf(code))));
      assert.deepEqual(tally(results), { 'Invalid.VerificationCode': GUESSES });
      assert.equal(await attempts(), MAX_TRIES);
      assert.equal(await check(code), 'Invalid.VerificationCode', 'the code has no tries left');
      // Five wrong tries of the hour's ten are spent: four more wrong ones on a new code, then the right one passes.
      const next = await sendCode();
      for (let i = 0; i < WRONG_PER_HOUR - MAX_TRIES - 1; i++) assert.equal(await check(wrongOf(next)), 'Invalid.VerificationCode');
      assert.equal(await check(next), 'accepted', 'the hourly budget had room for exactly this check');
      // The next code has used its five tries; the tenth wrong try of the hour goes to a fresh one, which
      // then has tries left: only the budget can refuse it, even right.
      const last = await sendCode();
      assert.equal(await check(wrongOf(last)), 'Invalid.VerificationCode', 'the tenth wrong try of the hour');
      assert.equal(await check(last), 'Invalid.VerificationCode', 'the budget of ten wrong tries is spent');
    },
  );
});
