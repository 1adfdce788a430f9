import assert from 'node:assert/strict';
import type { TxStores } from '../../src/storage/store.js';
import { contract } from './engines.js';
import { accessKey, account, at, directory, membership } from './fixtures.js';

/** A directory with one resource-account member that has a tag and an AccessKey. */
async function seed(tx: TxStores) {
  const master = account({ displayName: 'Master' });
  await tx.accounts.insert(master);
  const rd = directory(master.id);
  await tx.directories.insert(rd.directory, rd.root, rd.master);
  const member = account({ displayName: 'Doomed' });
  await tx.accounts.insert(member);
  const m = membership(member.id, rd.directory.id, rd.root.id, { type: 'ResourceAccount', joinMethod: 'created', status: 'CreateSuccess' });
  assert.equal(await tx.members.insert(m, 'Doomed'), true);
  await tx.tags.put(rd.directory.id, 'Account', member.id, [{ key: 'env', value: 'prod' }]);
  const key = accessKey(member.id);
  await tx.accessKeys.insert(key);
  return { rd, member, key };
}

contract('MemberStore deletions', (ctx) => {
  ctx.test('check, restart, start a deletion on the check it rests on, finish when due', async () => {
    await ctx.tx(async (tx) => {
      const { rd, member, key } = await seed(tx);
      const id = member.id;
      assert.equal(await tx.deletions.get(id), undefined);

      await tx.deletions.startCheck(id, rd.directory.id, at(1000), at(6000));
      assert.deepEqual(await tx.deletions.get(id), {
        accountId: id,
        directoryId: rd.directory.id,
        status: 'Checking',
        checkStartedAt: at(1000),
        checkDoneAt: at(6000),
        deletionStartedAt: null,
        deletionDueAt: null,
      });
      await tx.deletions.startCheck(id, rd.directory.id, at(2000), at(7000));
      assert.deepEqual((await tx.deletions.get(id))?.checkDoneAt, at(7000), 'a new check replaces the old');

      const schedule = { checkStartedAt: at(2000), checkDoneAt: at(7000), startedAt: at(7000), dueAt: at(17_000) };
      assert.equal(await tx.deletions.start(id, rd.directory.id, schedule), true);
      assert.equal(await tx.deletions.start(id, rd.directory.id, { ...schedule, dueAt: at(99_000) }), false, 'already deleting');
      const deleting = await tx.deletions.get(id);
      assert.equal(deleting?.status, 'Deleting');
      assert.deepEqual(deleting?.checkDoneAt, at(7000));
      assert.deepEqual(deleting?.deletionStartedAt, at(7000));
      assert.deepEqual(deleting?.deletionDueAt, at(17_000));

      assert.deepEqual(await tx.deletions.finishDue(rd.directory.id, at(16_999)), [], 'not due yet');
      assert.ok(await tx.members.get(id));
      assert.deepEqual(await tx.deletions.finishDue('rd-other00000', at(20_000)), [], 'another directory');
      assert.deepEqual(await tx.deletions.finishDue(rd.directory.id, at(17_000)), [id]);
      assert.equal((await tx.deletions.get(id))?.status, 'Success');
      assert.equal(await tx.members.get(id), undefined, 'the membership is gone');
      assert.equal(await tx.accounts.get(id), undefined, 'the account is gone');
      assert.equal(await tx.accessKeys.get(key.id), undefined, 'its AccessKeys are gone');
      assert.equal((await tx.tags.of('Account', [id])).size, 0);
      assert.equal(await tx.directories.countMembers(rd.directory.id), 0);
      assert.deepEqual(await tx.deletions.finishDue(rd.directory.id, at(30_000)), [], 'finished once');
    });
  });

  ctx.test('a deletion without any check records the check it runs itself', async () => {
    await ctx.tx(async (tx) => {
      const { rd, member } = await seed(tx);
      const schedule = { checkStartedAt: at(100), checkDoneAt: at(5100), startedAt: at(100), dueAt: at(15_100) };
      assert.equal(await tx.deletions.start(member.id, rd.directory.id, schedule), true);
      assert.deepEqual(await tx.deletions.get(member.id), {
        accountId: member.id,
        directoryId: rd.directory.id,
        status: 'Deleting',
        checkStartedAt: at(100),
        checkDoneAt: at(5100),
        deletionStartedAt: at(100),
        deletionDueAt: at(15_100),
      });
    });
  });

  /** A member whose deletion is due at 1000 ms. */
  const deletionDueAt1000 = async (tx: TxStores) => {
    const seeded = await seed(tx);
    const schedule = { checkStartedAt: at(0), checkDoneAt: at(0), startedAt: at(0), dueAt: at(1000) };
    assert.equal(await tx.deletions.start(seeded.member.id, seeded.rd.directory.id, schedule), true);
    return seeded;
  };

  ctx.test('two concurrent finalizations of one deletion: exactly one completes it', async () => {
    for (let round = 0; round < 5; round++) {
      const { rd, member } = await ctx.tx(deletionDueAt1000);
      const results = await Promise.all([0, 1].map(() => ctx.tx((tx) => tx.deletions.finishDue(rd.directory.id, at(1000)))));
      assert.deepEqual(results.map((r) => r.length).sort(), [0, 1], `round ${round}`);
      assert.equal(await ctx.tx((tx) => tx.accounts.get(member.id)), undefined);
    }
  });

  ctx.test("finishDueOf completes one account's due deletion, once; a check or a deletion not yet due is left alone", async () => {
    await ctx.tx(async (tx) => {
      const { rd, member, key } = await seed(tx);
      assert.equal(await tx.deletions.finishDueOf(member.id, at(50_000)), false, 'no deletion');
      await tx.deletions.startCheck(member.id, rd.directory.id, at(0), at(10));
      assert.equal(await tx.deletions.finishDueOf(member.id, at(50_000)), false, 'only a check');
      const schedule = { checkStartedAt: at(0), checkDoneAt: at(10), startedAt: at(10), dueAt: at(1000) };
      assert.equal(await tx.deletions.start(member.id, rd.directory.id, schedule), true);
      assert.equal(await tx.deletions.finishDueOf(member.id, at(999)), false, 'not due yet');
      assert.ok(await tx.accessKeys.get(key.id));
      assert.equal(await tx.deletions.finishDueOf(member.id, at(1000)), true);
      assert.equal(await tx.accessKeys.get(key.id), undefined, 'its AccessKeys are gone');
      assert.equal(await tx.accounts.get(member.id), undefined);
      assert.equal((await tx.deletions.get(member.id))?.status, 'Success');
      assert.equal(await tx.deletions.finishDueOf(member.id, at(2000)), false, 'finished once');
      assert.deepEqual(await tx.deletions.finishDue(rd.directory.id, at(2000)), []);
    });
  });

  ctx.test('forSigning reads a key with its account and its deletion due time: none, a check only, then the deletion', async () => {
    await ctx.tx(async (tx) => {
      const { rd, member, key } = await seed(tx);
      assert.deepEqual(await tx.accessKeys.forSigning(key.id), { key, deletionDueAt: null, account: member });
      await tx.deletions.startCheck(member.id, rd.directory.id, at(0), at(10));
      assert.deepEqual(await tx.accessKeys.forSigning(key.id), { key, deletionDueAt: null, account: member }, 'a check deletes nothing');
      const schedule = { checkStartedAt: at(0), checkDoneAt: at(10), startedAt: at(10), dueAt: at(1000) };
      assert.equal(await tx.deletions.start(member.id, rd.directory.id, schedule), true);
      assert.deepEqual(await tx.accessKeys.forSigning(key.id), { key, deletionDueAt: at(1000), account: member });
      assert.equal(await tx.deletions.finishDueOf(member.id, at(1000)), true);
      assert.equal(await tx.accessKeys.forSigning(key.id), undefined, 'the deletion removes the key with the account');
      assert.equal(await tx.accessKeys.forSigning('LTAInosuchkey'), undefined);
    });
  });

  ctx.test('a key lookup and a directory read finishing one deletion concurrently: exactly one completes it', async () => {
    for (let round = 0; round < 5; round++) {
      const { rd, member } = await ctx.tx(deletionDueAt1000);
      const [byKey, byDirectory] = await Promise.all([
        ctx.tx((tx) => tx.deletions.finishDueOf(member.id, at(1000))),
        ctx.tx((tx) => tx.deletions.finishDue(rd.directory.id, at(1000))),
      ]);
      assert.equal(Number(byKey) + byDirectory.length, 1, `round ${round}`);
    }
  });

  ctx.test('concurrent starts of one deletion, with or without a check: exactly one starts it', async () => {
    for (const checked of [true, false]) {
      const { rd, member } = await ctx.tx(async (tx) => {
        const seeded = await seed(tx);
        if (checked) await tx.deletions.startCheck(seeded.member.id, seeded.rd.directory.id, at(0), at(0));
        return seeded;
      });
      const schedule = { checkStartedAt: at(0), checkDoneAt: at(0), startedAt: at(1000), dueAt: at(2000) };
      const results = await Promise.all([0, 1, 2].map(() => ctx.tx((tx) => tx.deletions.start(member.id, rd.directory.id, schedule))));
      assert.deepEqual(results.sort(), [false, false, true], checked ? 'after a check' : 'without a check');
    }
  });
});
