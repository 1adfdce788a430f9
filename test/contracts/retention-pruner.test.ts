import assert from 'node:assert/strict';
import { Pruner } from '../../src/domain/retention/pruner.js';
import { contract } from './engines.js';
import { at, HOUR, T0 } from './fixtures.js';

const DAY = 24 * HOUR;
const BATCH = 10;

/** The retention job over each engine's store, for what its own statements do not show. */
contract('Pruner', (ctx) => {
  ctx.test('send counters go in transactions of at most CANOPY_RETENTION_BATCH rows, repeated until none is left', async () => {
    // The windows of 25 phones that sent in the same hour cross the cutoff at the same moment.
    await ctx.tx(async (tx) => {
      for (let i = 0; i < 25; i++)
        await tx.verification.takePhoneWindow(`1-20255501${String(i).padStart(2, '0')}`, 'hour', at(-3 * DAY), 1);
      await tx.verification.takePhoneWindow('1-2025550199', 'hour', T0, 1);
    });
    const batches: { limit: number; removed: number }[] = [];
    const pruner = new Pruner({
      store: ctx.store(),
      clock: { now: () => T0 },
      wallClock: { now: () => new Date() },
      holder: 'contract',
      quotaTimeZone: 'UTC',
      settings: { messageDays: 1, recordDays: 1, intervalMs: 60_000, batchSize: BATCH },
      sendCounters: async (tx, limit) => {
        const removed = await tx.verification.pruneSendCounters(at(-2 * DAY), limit);
        batches.push({ limit, removed });
        return removed;
      },
    });
    assert.equal((await pruner.runOnce()).send_counters, 25);
    assert.deepEqual(
      batches.map((b) => [b.limit, b.removed]),
      [
        [BATCH, BATCH],
        [BATCH, BATCH],
        [BATCH, 5],
      ],
    );
    assert.equal(
      await ctx.tx((tx) => tx.verification.takePhoneWindow('1-2025550199', 'hour', T0, 1)),
      false,
      'the current window was kept',
    );
    assert.equal((await pruner.runOnce()).send_counters, 0);
    await pruner.stop();
  });
});
