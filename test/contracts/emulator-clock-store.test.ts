import assert from 'node:assert/strict';
import { contract } from './engines.js';

contract('EmulatorClockStore', (ctx) => {
  const read = () => ctx.tx((tx) => tx.emulatorClock.read());
  const advance = (ms: number) => ctx.tx((tx) => tx.emulatorClock.advance(ms));

  ctx.test('starts at offset 0, version 0; each change adds to the offset and raises the version', async () => {
    assert.deepEqual(await read(), { offsetMs: 0, version: 0 });
    assert.deepEqual(await advance(601_000), { offsetMs: 601_000, version: 1 });
    assert.deepEqual(await advance(86_400_000), { offsetMs: 87_001_000, version: 2 });
    assert.deepEqual(await ctx.tx((tx) => tx.emulatorClock.reset()), { offsetMs: 0, version: 3 });
    assert.deepEqual(await read(), { offsetMs: 0, version: 3 });
  });

  ctx.test('20 concurrent advances all count, each with a version of its own', async () => {
    const states = await Promise.all(Array.from({ length: 20 }, (_, i) => advance((i + 1) * 1000)));
    assert.deepEqual(await read(), { offsetMs: 210_000, version: 20 });
    assert.deepEqual(
      states.map((s) => s.version).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  ctx.test('an offset kept by an earlier version (the setting alone) is read, and advanced from', async () => {
    await ctx.store().setSetting('clock_offset_ms', '3600000');
    assert.deepEqual(await read(), { offsetMs: 3_600_000, version: 0 });
    assert.deepEqual(await advance(1000), { offsetMs: 3_601_000, version: 1 });
  });

  ctx.test('the clock is kept through reset, like the other settings', async () => {
    await advance(5000);
    await ctx.store().reset();
    assert.deepEqual(await read(), { offsetMs: 5000, version: 1 });
  });

  ctx.test('durable engines keep it across a restart', async (t) => {
    if (!ctx.engine.durable) return t.skip('not durable');
    await advance(7000);
    const reopened = await ctx.reopen();
    assert.deepEqual(await reopened.transaction((tx) => tx.emulatorClock.read()), { offsetMs: 7000, version: 1 });
  });
});
