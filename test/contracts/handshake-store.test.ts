import assert from 'node:assert/strict';
import type { Handshake } from '../../src/domain/directory/handshake-store.js';
import type { TxStores } from '../../src/storage/store.js';
import { contract } from './engines.js';
import { account, at, directory, HOUR, unique } from './fixtures.js';

const DAY = 24 * HOUR;

async function seed(tx: TxStores) {
  const master = account();
  await tx.accounts.insert(master);
  const rd = directory(master.id);
  await tx.directories.insert(rd.directory, rd.root, rd.master);
  return { master, rd };
}

const handshake = (
  directoryId: string,
  masterAccountId: string,
  targetAccountId: string,
  offsetMs = 0,
  overrides: Partial<Handshake> = {},
): Handshake => ({
  id: unique('h-'),
  directoryId,
  masterAccountId,
  masterAccountName: 'ma@example.com',
  targetEntity: targetAccountId,
  targetType: 'Account',
  targetAccountId,
  parentFolderId: null,
  note: 'welcome',
  tags: [],
  status: 'Pending',
  createdAt: at(offsetMs),
  modifiedAt: at(offsetMs),
  expiresAt: at(offsetMs + 14 * DAY),
  ...overrides,
});

contract('HandshakeStore', (ctx) => {
  ctx.test('insert and get round-trip; one Pending invitation per target and directory', async () => {
    const { h, rd, master } = await ctx.tx(async (tx) => {
      const { rd, master } = await seed(tx);
      const h = handshake(rd.directory.id, master.id, '1000000000000001', 0, {
        parentFolderId: rd.root.id,
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: '' },
        ],
      });
      assert.equal(await tx.handshakes.insert(h), true);
      assert.equal(await tx.handshakes.insert(handshake(rd.directory.id, master.id, '1000000000000001')), false, 'second Pending');
      assert.equal(await tx.handshakes.insert(handshake(rd.directory.id, master.id, '1000000000000002')), true, 'another target');
      return { h, rd, master };
    });
    assert.deepEqual(await ctx.tx((tx) => tx.handshakes.get(h.id)), h);
    assert.equal(await ctx.tx((tx) => tx.handshakes.get('h-nothing')), undefined);
    // Once answered, the target may be invited again.
    await ctx.tx(async (tx) => {
      assert.equal(await tx.handshakes.transition(h.id, 'Declined', at(1000)), true);
      assert.equal(await tx.handshakes.insert(handshake(rd.directory.id, master.id, '1000000000000001', 2000)), true);
    });
  });

  ctx.test('transitions only from Pending and before expiry; expirePending persists Expired', async () => {
    await ctx.tx(async (tx) => {
      const { rd, master } = await seed(tx);
      const h = handshake(rd.directory.id, master.id, '1000000000000003');
      await tx.handshakes.insert(h);
      assert.equal(await tx.handshakes.transition(h.id, 'Accepted', at(1500)), true);
      const read = await tx.handshakes.get(h.id);
      assert.equal(read?.status, 'Accepted');
      assert.equal(read?.modifiedAt.getTime(), at(1500).getTime());
      assert.equal(await tx.handshakes.transition(h.id, 'Cancelled', at(2000)), false, 'not Pending any more');

      const old = handshake(rd.directory.id, master.id, '1000000000000004');
      await tx.handshakes.insert(old);
      assert.equal(await tx.handshakes.transition(old.id, 'Accepted', at(14 * DAY)), false, 'expired at ExpireTime');
      await tx.handshakes.expirePending(rd.directory.id, '1000000000000004', at(14 * DAY));
      assert.equal((await tx.handshakes.get(old.id))?.status, 'Expired');
      assert.equal(await tx.handshakes.insert(handshake(rd.directory.id, master.id, '1000000000000004', 14 * DAY)), true);
    });
  });

  ctx.test('two concurrent accepts of one invitation: exactly one wins', async () => {
    const { rd, master } = await ctx.tx(seed);
    for (let round = 0; round < 5; round++) {
      const h = handshake(rd.directory.id, master.id, `20000000000000${String(round).padStart(2, '0')}`);
      await ctx.tx((tx) => tx.handshakes.insert(h));
      const results = await Promise.all([0, 1].map(() => ctx.tx((tx) => tx.handshakes.transition(h.id, 'Accepted', at(1000)))));
      assert.deepEqual(results.slice().sort(), [false, true], `round ${round}`);
    }
  });

  ctx.test('daily counting: accepted ones are not counted; declined, cancelled, pending and older ones by time', async () => {
    await ctx.tx(async (tx) => {
      const { rd, master } = await seed(tx);
      const other = await seed(tx);
      const target = (n: number) => `30000000000000${String(n).padStart(2, '0')}`;
      const hs = [0, 1, 2, 3].map((n) => handshake(rd.directory.id, master.id, target(n), DAY + n * 1000));
      for (const h of hs) await tx.handshakes.insert(h);
      await tx.handshakes.insert(handshake(rd.directory.id, master.id, target(9), 0)); // a day earlier
      await tx.handshakes.insert(handshake(other.rd.directory.id, other.master.id, target(0), DAY)); // another directory
      await tx.handshakes.transition(hs[0]!.id, 'Accepted', at(DAY + 5000));
      await tx.handshakes.transition(hs[1]!.id, 'Declined', at(DAY + 5000));
      await tx.handshakes.transition(hs[2]!.id, 'Cancelled', at(DAY + 5000));
      assert.equal(await tx.handshakes.countSentSince(rd.directory.id, at(DAY)), 3);
      assert.equal(await tx.handshakes.countSentSince(rd.directory.id, at(0)), 4);
    });
  });

  ctx.test('lists by directory, sender or target, in creation order then the order they were made in, paged', async () => {
    await ctx.tx(async (tx) => {
      const { rd, master } = await seed(tx);
      // IDs that sort against the order of insertion: two made in one millisecond keep the order they were made in.
      const made = [3, 1, 2, 1].map((n, i) =>
        handshake(rd.directory.id, master.id, `40000000000000${i}0`, n * 1000, { id: `h-${9 - i}${unique('')}` }),
      );
      for (const h of made) await tx.handshakes.insert(h);
      const expected = made
        .map((h, order) => ({ h, order }))
        .sort((a, b) => a.h.createdAt.getTime() - b.h.createdAt.getTime() || a.order - b.order)
        .map(({ h }) => h.id);
      assert.deepEqual(
        (await tx.handshakes.list({ directoryId: rd.directory.id }, 0, 10)).map((h) => h.id),
        expected,
      );
      assert.deepEqual(
        (await tx.handshakes.list({ masterAccountId: master.id }, 1, 2)).map((h) => h.id),
        expected.slice(1, 3),
      );
      assert.equal(await tx.handshakes.count({ directoryId: rd.directory.id }), 4);
      assert.deepEqual(
        (await tx.handshakes.list({ targetAccountId: '40000000000000' + '10' }, 0, 10)).map((h) => h.id),
        [made[1]!.id],
      );
      assert.equal(await tx.handshakes.count({ targetAccountId: 'nobody' }), 0);
    });
  });
});
