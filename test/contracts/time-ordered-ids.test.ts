import assert from 'node:assert/strict';
import { cryptoRandom } from '../../src/domain/random.js';
import { VerificationService } from '../../src/domain/verification/service.js';
import { contract } from './engines.js';

/**
 * Codes and outbox messages are written on every send and pruned by age: their IDs sort by creation
 * time, so both ends of their indexes stay a few pages wide (src/domain/random.ts, timeOrderedId).
 */
contract('time-ordered IDs of codes and messages', (ctx) => {
  ctx.test('a later send has a greater code ID and a greater message ID', async () => {
    let now = Date.parse('2026-12-01T08:00:00.000Z');
    const service = new VerificationService(
      { now: () => new Date(now) },
      cryptoRandom,
      { codeTtlSeconds: 300, dailyLimit: 100, quotaTimeZone: 'Asia/Shanghai', maxTriesPerCode: 5, maxWrongTriesPerHour: 10 },
      Buffer.alloc(32, 3),
    );
    const ids: { code: string; message: string }[] = [];
    // One millisecond, then a second, then an hour apart, over two accounts.
    for (const [step, accountId] of [
      [0, '1000000000000001'],
      [1, '1000000000000002'],
      [1000, '1000000000000001'],
      [3_600_000, '1000000000000002'],
    ] as const) {
      now += step;
      const request = { accountId, purpose: 'EnableRD', phone: '1-2025550123' } as const;
      ids.push(
        await ctx.tx(async (tx) => {
          await service.send(tx, request);
          const code = await tx.verification.getCode(accountId, 'EnableRD', request.phone);
          const [message] = await tx.outbox.list({}, 1);
          return { code: code!.id, message: message!.id };
        }),
      );
    }
    for (const kind of ['code', 'message'] as const) {
      const inOrder = ids.map((pair) => pair[kind]);
      assert.deepEqual([...inOrder].sort(), inOrder, kind);
      assert.equal(new Set(inOrder).size, inOrder.length, kind);
    }
  });
});
