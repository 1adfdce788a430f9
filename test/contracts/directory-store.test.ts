import assert from 'node:assert/strict';
import type { Account } from '../../src/domain/accounts/account.js';
import type { TxStores } from '../../src/storage/store.js';
import { contract } from './engines.js';
import { account, at, directory, membership, unique } from './fixtures.js';

/** Inserts `count` fresh accounts and returns them. */
async function accounts(tx: TxStores, count: number): Promise<Account[]> {
  const created = Array.from({ length: count }, () => account());
  for (const a of created) await tx.accounts.insert(a);
  return created;
}

contract('DirectoryStore', (ctx) => {
  ctx.test('insert creates the directory, its Root folder and the master membership', async () => {
    const { master, rd } = await ctx.tx(async (tx) => {
      const [master] = await accounts(tx, 1);
      const rd = directory(master!.id);
      await tx.directories.insert(rd.directory, rd.root, rd.master);
      return { master: master!, rd };
    });
    const read = await ctx.tx(async (tx) => ({
      directory: await tx.directories.get(rd.directory.id),
      membership: await tx.directories.membership(master.id),
      dirTaken: await tx.directories.idTaken(rd.directory.id),
      rootTaken: await tx.directories.idTaken(rd.root.id),
      freeTaken: await tx.directories.idTaken('rd-free00'),
      members: await tx.directories.countMembers(rd.directory.id),
      folders: await tx.directories.countFolders(rd.directory.id),
    }));
    assert.deepEqual(read.directory, rd.directory);
    assert.deepEqual(read.membership, rd.master);
    assert.equal(read.dirTaken, true);
    assert.equal(read.rootTaken, true);
    assert.equal(read.freeTaken, false);
    assert.equal(read.members, 0, 'the management account is not counted as a member');
    assert.equal(read.folders, 0, 'Root is not counted as a folder');
  });

  ctx.test('the three switches are stored apart: control policy, member deletion, display-name sync', async () => {
    const { rd, read } = await ctx.tx(async (tx) => {
      const [master] = await accounts(tx, 1);
      const rd = directory(master!.id);
      await tx.directories.insert(rd.directory, rd.root, rd.master);
      assert.equal((await tx.directories.get(rd.directory.id))?.controlPolicyChangedAt, null, 'never changed');
      await tx.directories.setControlPolicyStatus(rd.directory.id, 'Enabled', new Date(1_700_000_000_123));
      await tx.directories.setMemberDeletionStatus(rd.directory.id, 'Enabled');
      return { rd, read: await tx.directories.get(rd.directory.id) };
    });
    assert.deepEqual(
      [read?.controlPolicyStatus, read?.memberDeletionStatus, read?.memberDisplayNameSyncStatus],
      ['Enabled', 'Enabled', rd.directory.memberDisplayNameSyncStatus],
    );
    assert.equal(read?.controlPolicyChangedAt?.getTime(), 1_700_000_000_123, 'when the control policy switch changed');
  });

  ctx.test('get and membership answer undefined for unknown IDs', async () => {
    const read = await ctx.tx(async (tx) => ({
      directory: await tx.directories.get('rd-nothing'),
      membership: await tx.directories.membership('1234567890123456'),
    }));
    assert.deepEqual(read, { directory: undefined, membership: undefined });
  });

  ctx.test('members and folders are counted per directory, without master and Root', async () => {
    const ids = await ctx.tx(async (tx) => {
      const [m1, m2, a, b, c] = await accounts(tx, 5);
      const one = directory(m1!.id);
      const two = directory(m2!.id);
      await tx.directories.insert(one.directory, one.root, one.master);
      await tx.directories.insert(two.directory, two.root, two.master);
      const folder = { id: unique('fd-'), directoryId: one.directory.id, name: 'Dev', parentId: one.root.id, createdAt: at(5) };
      await tx.directories.insertFolder(folder);
      await tx.directories.insertFolder({
        id: unique('fd-'),
        directoryId: one.directory.id,
        name: 'Prod',
        parentId: one.root.id,
        createdAt: at(6),
      });
      await tx.directories.addMember(membership(a!.id, one.directory.id, one.root.id));
      await tx.directories.addMember(membership(b!.id, one.directory.id, folder.id, { type: 'ResourceAccount', joinMethod: 'created' }));
      await tx.directories.addMember(membership(c!.id, two.directory.id, two.root.id));
      return { one: one.directory.id, two: two.directory.id, b: b!.id, folder: folder.id };
    });
    const read = await ctx.tx(async (tx) => ({
      members: [await tx.directories.countMembers(ids.one), await tx.directories.countMembers(ids.two)],
      folders: [await tx.directories.countFolders(ids.one), await tx.directories.countFolders(ids.two)],
      b: await tx.directories.membership(ids.b),
      folderTaken: await tx.directories.idTaken(ids.folder),
    }));
    assert.deepEqual(read.members, [2, 1]);
    assert.deepEqual(read.folders, [2, 0]);
    assert.equal(read.b?.directoryId, ids.one);
    assert.equal(read.b?.folderId, ids.folder);
    assert.equal(read.b?.role, 'member');
    assert.equal(read.b?.type, 'ResourceAccount');
    assert.equal(read.b?.joinMethod, 'created');
    assert.equal(read.b?.joinedAt.getTime(), at(1000).getTime());
    assert.equal(read.b?.modifiedAt.getTime(), at(2000).getTime());
    assert.equal(read.folderTaken, true);
  });

  ctx.test('an account is in at most one directory: a second membership is refused', async () => {
    const ids = await ctx.tx(async (tx) => {
      const [m1, m2, a] = await accounts(tx, 3);
      const one = directory(m1!.id);
      const two = directory(m2!.id);
      await tx.directories.insert(one.directory, one.root, one.master);
      await tx.directories.insert(two.directory, two.root, two.master);
      await tx.directories.addMember(membership(a!.id, one.directory.id, one.root.id));
      return { m1: m1!.id, a: a!.id, one, two };
    });
    // The same account again, in another directory, in the same directory, or as a master joining elsewhere.
    await assert.rejects(ctx.tx((tx) => tx.directories.addMember(membership(ids.a, ids.two.directory.id, ids.two.root.id))));
    await assert.rejects(ctx.tx((tx) => tx.directories.addMember(membership(ids.a, ids.one.directory.id, ids.one.root.id))));
    await assert.rejects(ctx.tx((tx) => tx.directories.addMember(membership(ids.m1, ids.two.directory.id, ids.two.root.id))));
    const read = await ctx.tx(async (tx) => ({
      a: await tx.directories.membership(ids.a),
      m1: await tx.directories.membership(ids.m1),
      counts: [await tx.directories.countMembers(ids.one.directory.id), await tx.directories.countMembers(ids.two.directory.id)],
    }));
    assert.equal(read.a?.directoryId, ids.one.directory.id);
    assert.equal(read.m1?.role, 'master');
    assert.equal(read.m1?.directoryId, ids.one.directory.id);
    assert.deepEqual(read.counts, [1, 0]);
  });

  ctx.test('an account that already belongs to a directory cannot become the master of another; nothing is left behind', async () => {
    const ids = await ctx.tx(async (tx) => {
      const [m1, a] = await accounts(tx, 2);
      const one = directory(m1!.id);
      await tx.directories.insert(one.directory, one.root, one.master);
      await tx.directories.addMember(membership(a!.id, one.directory.id, one.root.id));
      return { a: a!.id, one: one.directory.id };
    });
    const second = directory(ids.a);
    await assert.rejects(ctx.tx((tx) => tx.directories.insert(second.directory, second.root, second.master)));
    const read = await ctx.tx(async (tx) => ({
      directory: await tx.directories.get(second.directory.id),
      dirTaken: await tx.directories.idTaken(second.directory.id),
      rootTaken: await tx.directories.idTaken(second.root.id),
      a: await tx.directories.membership(ids.a),
    }));
    assert.equal(read.directory, undefined);
    assert.equal(read.dirTaken, false, 'the failed insert left its directory row behind');
    assert.equal(read.rootTaken, false, 'the failed insert left its Root folder behind');
    assert.equal(read.a?.directoryId, ids.one);
    assert.equal(read.a?.role, 'member');
  });

  ctx.test('concurrent joins of one account to many directories: exactly one succeeds', async () => {
    const setup = await ctx.tx(async (tx) => {
      const masters = await accounts(tx, 8);
      const [joiner] = await accounts(tx, 1);
      const dirs = masters.map((m) => directory(m.id));
      for (const d of dirs) await tx.directories.insert(d.directory, d.root, d.master);
      return { joiner: joiner!.id, dirs };
    });
    const results = await Promise.allSettled(
      setup.dirs.map((d) => ctx.tx((tx) => tx.directories.addMember(membership(setup.joiner, d.directory.id, d.root.id)))),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const counts = await ctx.tx(async (tx) => Promise.all(setup.dirs.map((d) => tx.directories.countMembers(d.directory.id))));
    assert.equal(
      counts.reduce((sum, n) => sum + n, 0),
      1,
    );
  });

  ctx.test('a management account manages one directory at most', async () => {
    const m = await ctx.tx(async (tx) => {
      const [m] = await accounts(tx, 1);
      const one = directory(m!.id);
      await tx.directories.insert(one.directory, one.root, one.master);
      return m!.id;
    });
    const again = directory(m);
    await assert.rejects(ctx.tx((tx) => tx.directories.insert(again.directory, again.root, again.master)));
    assert.equal(await ctx.tx((tx) => tx.directories.get(again.directory.id)), undefined);
  });

  ctx.test('remove deletes the directory, its Root folder and the master membership', async () => {
    const ids = await ctx.tx(async (tx) => {
      const [m1, m2] = await accounts(tx, 2);
      const one = directory(m1!.id);
      const two = directory(m2!.id);
      await tx.directories.insert(one.directory, one.root, one.master);
      await tx.directories.insert(two.directory, two.root, two.master);
      return { m1: m1!.id, m2: m2!.id, one, two };
    });
    await ctx.tx((tx) => tx.directories.remove(ids.one.directory.id));
    const read = await ctx.tx(async (tx) => ({
      directory: await tx.directories.get(ids.one.directory.id),
      m1: await tx.directories.membership(ids.m1),
      dirTaken: await tx.directories.idTaken(ids.one.directory.id),
      rootTaken: await tx.directories.idTaken(ids.one.root.id),
      other: await tx.directories.get(ids.two.directory.id),
      m2: await tx.directories.membership(ids.m2),
      master: await tx.accounts.get(ids.m1),
    }));
    assert.equal(read.directory, undefined);
    assert.equal(read.m1, undefined);
    assert.equal(read.dirTaken, false);
    assert.equal(read.rootTaken, false);
    assert.deepEqual(read.other, ids.two.directory, 'the other directory is untouched');
    assert.equal(read.m2?.role, 'master');
    assert.equal(read.master?.id, ids.m1, 'the account itself stays');

    // The former master is free again: it can manage a new directory.
    const next = directory(ids.m1);
    await ctx.tx((tx) => tx.directories.insert(next.directory, next.root, next.master));
    assert.equal((await ctx.tx((tx) => tx.directories.membership(ids.m1)))?.directoryId, next.directory.id);
  });

  ctx.test('a membership must point at an existing account and directory', async () => {
    const ids = await ctx.tx(async (tx) => {
      const [m, a] = await accounts(tx, 2);
      const one = directory(m!.id);
      await tx.directories.insert(one.directory, one.root, one.master);
      return { a: a!.id, one };
    });
    await assert.rejects(ctx.tx((tx) => tx.directories.addMember(membership('9999999999999999', ids.one.directory.id, ids.one.root.id))));
    await assert.rejects(ctx.tx((tx) => tx.directories.addMember(membership(ids.a, 'rd-missing', ids.one.root.id))));
    assert.equal(await ctx.tx((tx) => tx.directories.membership(ids.a)), undefined);
  });
});
