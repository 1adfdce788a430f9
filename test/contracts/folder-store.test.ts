import assert from 'node:assert/strict';
import type { Folder } from '../../src/domain/directory/resource-directory.js';
import { contract } from './engines.js';
import { account, at, membership, unique, seedDirectory } from './fixtures.js';

const seed = seedDirectory;

const folder = (directoryId: string, parentId: string, name: string, offsetMs = 0): Folder => ({
  id: unique('fd-'),
  directoryId,
  name,
  parentId,
  createdAt: at(offsetMs),
});

contract('FolderStore', (ctx) => {
  ctx.test('insert and get round-trip; Root is a folder without parent', async () => {
    const { rd, dev } = await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const dev = folder(rd.directory.id, rd.root.id, 'Dev', 5);
      assert.equal(await tx.folders.insert(dev), true);
      return { rd, dev };
    });
    const read = await ctx.tx(async (tx) => ({
      dev: await tx.folders.get(dev.id),
      root: await tx.folders.get(rd.root.id),
      none: await tx.folders.get('fd-nothing00'),
      count: await tx.directories.countFolders(rd.directory.id),
    }));
    assert.deepEqual(read.dev, dev);
    assert.deepEqual(read.root, rd.root);
    assert.equal(read.none, undefined);
    assert.equal(read.count, 1);
  });

  ctx.test('a name is unique under one parent, case-sensitively, and free under another parent', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const a = folder(rd.directory.id, rd.root.id, 'Dev');
      assert.equal(await tx.folders.insert(a), true);
      assert.equal(await tx.folders.insert(folder(rd.directory.id, rd.root.id, 'Dev')), false, 'same name, same parent');
      assert.equal(await tx.folders.insert(folder(rd.directory.id, rd.root.id, 'dev')), true, 'names are case-sensitive');
      assert.equal(await tx.folders.insert(folder(rd.directory.id, a.id, 'Dev')), true, 'same name under another parent');
      assert.equal(await tx.folders.nameTaken(rd.root.id, 'Dev'), true);
      assert.equal(await tx.folders.nameTaken(rd.root.id, 'Dev', a.id), false, 'the folder itself does not count');
      assert.equal(await tx.folders.nameTaken(rd.root.id, 'Prod'), false);
      assert.equal(await tx.directories.countFolders(rd.directory.id), 3);
    });
  });

  ctx.test('two concurrent inserts of one name under one parent: exactly one succeeds', async () => {
    const rd = await ctx.tx(seed);
    for (let round = 0; round < 5; round++) {
      const name = `Race${round}`;
      const results = await Promise.allSettled(
        [0, 1].map(() => ctx.tx((tx) => tx.folders.insert(folder(rd.directory.id, rd.root.id, name)))),
      );
      const inserted = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
      assert.deepEqual(inserted.slice().sort(), [false, true], `round ${round}: ${String(inserted)}`);
      const count = await ctx.tx((tx) => tx.folders.countChildren(rd.root.id, name));
      assert.equal(count, 1);
    }
  });

  ctx.test('children are listed in creation order, paged, filtered by a literal case-insensitive keyword', async () => {
    const { rd, made } = await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const names = ['Alpha', 'beta', 'ALPHABET', 'gamma', 'al%pha', 'x_y'];
      const made: Folder[] = [];
      // Two share a creation time: the order they were made in breaks the tie, whatever their IDs say.
      for (const [i, name] of names.entries()) made.push(folder(rd.directory.id, rd.root.id, name, i === 1 ? 0 : i * 10));
      made[0] = { ...made[0]!, id: `fd-z${unique('')}` };
      for (const f of made) await tx.folders.insert(f);
      await tx.folders.insert(folder(rd.directory.id, made[0]!.id, 'AlphaChild'));
      return { rd, made };
    });
    const root = rd.root.id;
    const read = await ctx.tx(async (tx) => ({
      all: await tx.folders.listChildren(root, '', 0, 100),
      total: await tx.folders.countChildren(root, ''),
      page2: await tx.folders.listChildren(root, '', 2, 2),
      past: await tx.folders.listChildren(root, '', 10, 5),
      alpha: await tx.folders.listChildren(root, 'ALPHA', 0, 100),
      alphaCount: await tx.folders.countChildren(root, 'alpha'),
      percent: await tx.folders.listChildren(root, '%', 0, 100),
      underscore: await tx.folders.countChildren(root, '_'),
      grandchildren: await tx.folders.countChildren(made[0]!.id, ''),
    }));
    const expectedOrder = made;
    assert.deepEqual(
      read.all.map((f) => f.id),
      expectedOrder.map((f) => f.id),
    );
    assert.equal(read.total, 6, 'only direct children');
    assert.deepEqual(
      read.page2.map((f) => f.id),
      expectedOrder.slice(2, 4).map((f) => f.id),
    );
    assert.deepEqual(read.past, []);
    assert.deepEqual(
      read.alpha.map((f) => f.name),
      ['Alpha', 'ALPHABET'],
    );
    assert.equal(read.alphaCount, 2);
    assert.deepEqual(
      read.percent.map((f) => f.name),
      ['al%pha'],
      '% is not a wildcard',
    );
    assert.equal(read.underscore, 1, '_ is not a wildcard');
    assert.equal(read.grandchildren, 1);
  });

  ctx.test('ancestors run from Root down, without the folder itself', async () => {
    const { rd, chain } = await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const chain: Folder[] = [];
      let parent = rd.root.id;
      for (let level = 1; level <= 5; level++) {
        const f = folder(rd.directory.id, parent, `L${level}`, level);
        await tx.folders.insert(f);
        chain.push(f);
        parent = f.id;
      }
      return { rd, chain };
    });
    const read = await ctx.tx(async (tx) => ({
      deepest: await tx.folders.ancestors(chain[4]!.id),
      first: await tx.folders.ancestors(chain[0]!.id),
      root: await tx.folders.ancestors(rd.root.id),
      unknown: await tx.folders.ancestors('fd-unknown000'),
    }));
    assert.deepEqual(read.deepest, [rd.root, ...chain.slice(0, 4)]);
    assert.deepEqual(read.first, [rd.root]);
    assert.deepEqual(read.root, []);
    assert.deepEqual(read.unknown, []);
  });

  ctx.test('rename, accounts in a folder, remove; Root is never removed', async () => {
    const { rd, dev, memberId } = await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const dev = folder(rd.directory.id, rd.root.id, 'Dev');
      await tx.folders.insert(dev);
      const member = account();
      await tx.accounts.insert(member);
      await tx.directories.addMember(membership(member.id, rd.directory.id, dev.id));
      return { rd, dev, memberId: member.id };
    });
    await ctx.tx(async (tx) => {
      await tx.folders.rename(dev.id, 'Development');
      assert.equal(await tx.folders.countAccounts(dev.id), 1);
      assert.equal(await tx.folders.countAccounts(rd.root.id), 1, 'the management account sits in Root');
      assert.deepEqual(await tx.directories.lock(rd.directory), rd.directory, 'the lock answers the directory as it stands');
    });
    assert.equal((await ctx.tx((tx) => tx.folders.get(dev.id)))?.name, 'Development');
    assert.equal(await ctx.tx((tx) => tx.folders.nameTaken(rd.root.id, 'Dev')), false);
    assert.ok(memberId);
    const other = await ctx.tx(async (tx) => {
      const empty = folder(rd.directory.id, rd.root.id, 'Empty');
      await tx.folders.insert(empty);
      await tx.folders.remove(empty.id);
      await tx.folders.remove(rd.root.id);
      return empty;
    });
    const read = await ctx.tx(async (tx) => ({ gone: await tx.folders.get(other.id), root: await tx.folders.get(rd.root.id) }));
    assert.equal(read.gone, undefined);
    assert.deepEqual(read.root, rd.root);
  });
});
