import assert from 'node:assert/strict';
import type { ClockState } from '../../src/domain/admin/emulator-clock.js';
import { contract } from './engines.js';
import { account, at, directory, MINUTE } from './fixtures.js';

/**
 * Answers that travel with the next statement (`Soon`): the nonce claim, the emulator clock and the
 * membership read. PostgreSQL sends them with the next statement; SQLite answers at once. On every
 * engine the answers must be the ones a plain read or write would give, and a statement undone
 * before it went must never pretend to have answered. What they save is counted in
 * store-metrics.test.ts and test/wire/replay-undone.test.ts.
 */
contract('Soon answers', (ctx) => {
  ctx.test('a claim answers true, then false for the same nonce; asked for with nothing after it, it still goes', async () => {
    assert.equal(await ctx.tx((tx) => tx.nonces.claim('LTAIsoon', 'n1', at(MINUTE), at(MINUTE)).value()), true);
    assert.equal(await ctx.tx((tx) => tx.nonces.claim('LTAIsoon', 'n1', at(MINUTE), at(MINUTE)).value()), false);
  });

  ctx.test('the clock is observed before the statement it travelled with answers its caller', async () => {
    await ctx.tx((tx) => tx.emulatorClock.advance(90_000));
    const events: string[] = [];
    await ctx.tx(async (tx) => {
      tx.emulatorClock.readWithNext((state: ClockState) => events.push(`clock ${state.offsetMs}`));
      await tx.accounts.get('1000000000000009');
      events.push('next answered');
    });
    assert.deepEqual(events, ['clock 90000', 'next answered']);
  });

  ctx.test('a membership read with the next statement sees what a plain read sees', async () => {
    const { directory: rd, root, master } = directory('1000000000000077');
    const outsider = account();
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(account({ id: '1000000000000077' }));
      await tx.accounts.insert(outsider);
      await tx.directories.insert(rd, root, master);
    });
    const [member, none] = await ctx.tx(async (tx) => {
      const a = tx.directories.membershipSoon('1000000000000077');
      const b = tx.directories.membershipSoon(outsider.id);
      await tx.accounts.get(outsider.id);
      return [await a.value(), await b.value()];
    });
    assert.deepEqual(member, await ctx.tx((tx) => tx.directories.membership('1000000000000077')));
    assert.equal(member?.role, 'master');
    assert.equal(none, undefined);
  });

  ctx.test('a claim undone with its savepoint is not kept', async () => {
    await ctx.tx(async (tx) => {
      await tx
        .savepoint(async () => {
          tx.nonces.claim('LTAIsoon', 'undone', at(MINUTE), at(MINUTE));
          throw new Error('refused');
        })
        .catch(() => undefined);
    });
    assert.equal(await ctx.tx((tx) => tx.nonces.claim('LTAIsoon', 'undone', at(MINUTE), at(MINUTE)).value()), true);
  });

  ctx.test('a claim in a transaction whose work fails is not kept', async () => {
    const failure = new Error('the work failed');
    await assert.rejects(
      ctx.tx(async (tx) => {
        tx.nonces.claim('LTAIsoon', 'failed', at(MINUTE), at(MINUTE));
        throw failure;
      }),
      failure,
    );
    assert.equal(await ctx.tx((tx) => tx.nonces.claim('LTAIsoon', 'failed', at(MINUTE), at(MINUTE)).value()), true);
  });
});
