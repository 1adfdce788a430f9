import assert from 'node:assert/strict';
import { AccountsService } from '../../src/domain/accounts/service.js';
import { systemClock } from '../../src/domain/clock.js';
import { MemberService } from '../../src/domain/directory/member-service.js';
import { DirectoryScope } from '../../src/domain/directory/scope.js';
import { BillingService } from '../../src/domain/directory/billing-service.js';
import { cryptoRandom } from '../../src/domain/random.js';
import type { TxStores } from '../../src/storage/store.js';
import { contract } from './engines.js';
import { account, at, membership, seedDirectory } from './fixtures.js';

const seed = seedDirectory;

async function addAccount(tx: TxStores, displayName = 'Someone') {
  const a = account({ displayName });
  await tx.accounts.insert(a);
  return a;
}

const service = (quota: number) =>
  new MemberService(
    systemClock,
    cryptoRandom,
    'international',
    new AccountsService(systemClock, cryptoRandom),
    new DirectoryScope(systemClock),
    new BillingService(new DirectoryScope(systemClock)),
    { quota },
  );

contract('MemberStore', (ctx) => {
  ctx.test("insert, get, rename, move, remove round-trip (the account's tags go with the membership)", async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const a = await addAccount(tx, 'Own name');
      const m = membership(a.id, rd.directory.id, rd.root.id, { type: 'ResourceAccount', joinMethod: 'created', status: 'CreateSuccess' });
      assert.equal(await tx.members.insert(m, 'Shown'), true);
      await tx.tags.put(rd.directory.id, 'Account', a.id, [
        { key: 'env', value: 'prod' },
        { key: 'team', value: '' },
      ]);
      const got = await tx.members.get(a.id);
      assert.deepEqual(got, { membership: m, accountName: a.name, displayName: 'Shown' });
      const master = await tx.members.get(rd.masterAccount.id);
      assert.equal(master?.displayName, 'Master', 'without a member name the account name shows');
      assert.deepEqual((await tx.tags.of('Account', [a.id, rd.masterAccount.id])).get(a.id), [
        { key: 'env', value: 'prod' },
        { key: 'team', value: '' },
      ]);
      assert.equal((await tx.tags.of('Account', [rd.masterAccount.id])).size, 0);
      assert.equal(await tx.members.displayNameTaken(rd.directory.id, 'Shown'), true);
      assert.equal(await tx.members.displayNameTaken(rd.directory.id, 'Master'), true);
      assert.equal(await tx.members.displayNameTaken(rd.directory.id, 'Shown', a.id), false);
      assert.equal(await tx.members.displayNameTaken(rd.directory.id, 'shown'), false, 'case-sensitive');
      await tx.members.rename(a.id, 'Renamed', at(5000));
      const dev = { id: 'fd-contract01', directoryId: rd.directory.id, name: 'Dev', parentId: rd.root.id, createdAt: at(0) };
      assert.equal(await tx.folders.insert(dev), true);
      await tx.members.move(a.id, dev.id, at(6000));
      const after = await tx.members.get(a.id);
      assert.equal(after?.displayName, 'Renamed');
      assert.equal(after?.membership.folderId, dev.id);
      assert.deepEqual(after?.membership.modifiedAt, at(6000));
      await tx.members.remove(a.id);
      assert.equal(await tx.members.get(a.id), undefined);
      assert.equal((await tx.tags.of('Account', [a.id])).size, 0);
      assert.ok(await tx.accounts.get(a.id), 'the account stays');
      await tx.directories.setMemberDeletionStatus(rd.directory.id, 'Enabled');
      assert.equal((await tx.directories.get(rd.directory.id))?.memberDeletionStatus, 'Enabled');
    });
  });

  ctx.test('a display name is unique in a directory; another directory may use it', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const other = await seed(tx);
      const [a, b, c] = [await addAccount(tx), await addAccount(tx), await addAccount(tx)];
      assert.equal(await tx.members.insert(membership(a.id, rd.directory.id, rd.root.id), 'Same'), true);
      assert.equal(await tx.members.insert(membership(b.id, rd.directory.id, rd.root.id), 'Same'), false);
      assert.equal(await tx.members.get(b.id), undefined);
      assert.equal(await tx.members.insert(membership(c.id, other.directory.id, other.root.id), 'Same'), true);
    });
  });

  ctx.test('list and count: join order, folder, literal keyword, tag filters, paging', async () => {
    const { rd, ids } = await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const ids: string[] = [];
      const names = ['Alpha', 'beta', 'ALPHABET', 'al%pha'];
      for (const [i, name] of names.entries()) {
        const a = await addAccount(tx);
        ids.push(a.id);
        const tags = i % 2 === 0 ? [{ key: 'env', value: i === 0 ? 'prod' : 'dev' }] : [];
        await tx.members.insert(membership(a.id, rd.directory.id, rd.root.id, { joinedAt: at(10_000 + i) }), name);
        await tx.tags.put(rd.directory.id, 'Account', a.id, tags);
      }
      return { rd, ids };
    });
    await ctx.tx(async (tx) => {
      const all = await tx.members.list(rd.directory.id, { tags: [] }, 0, 10);
      assert.deepEqual(
        all.map((m) => m.membership.accountId),
        [rd.masterAccount.id, ...ids],
      );
      assert.equal(await tx.members.count(rd.directory.id, { tags: [] }), 5);
      assert.deepEqual(
        (await tx.members.list(rd.directory.id, { tags: [] }, 2, 2)).map((m) => m.membership.accountId),
        ids.slice(1, 3),
      );
      const alpha = await tx.members.list(rd.directory.id, { tags: [], keyword: 'ALPHA' }, 0, 10);
      assert.deepEqual(
        alpha.map((m) => m.displayName),
        ['Alpha', 'ALPHABET'],
      );
      assert.equal(await tx.members.count(rd.directory.id, { tags: [], keyword: '%' }), 1, 'the keyword is literal');
      assert.equal(await tx.members.count(rd.directory.id, { tags: [{ key: 'env' }] }), 2);
      assert.equal(await tx.members.count(rd.directory.id, { tags: [{ key: 'env', value: 'prod' }] }), 1);
      assert.equal(await tx.members.count(rd.directory.id, { tags: [{ key: 'env' }, { key: 'none' }] }), 0);
      assert.equal(await tx.members.count(rd.directory.id, { tags: [], folderId: 'fd-nothing000' }), 0);
    });
  });

  ctx.test('member creation racing the quota: exactly the quota wins, the rest get LimitExceeded.Account', async () => {
    const rd = await ctx.tx(seed);
    const quota = 5;
    const members = service(quota);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        ctx.tx((tx) =>
          members.createResourceAccount(tx, rd.masterAccount, {
            displayName: `racer ${i}`,
            accountNamePrefix: undefined,
            parentFolderId: undefined,
            tags: [],
          }),
        ),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, quota);
    for (const r of results) if (r.status === 'rejected') assert.equal(r.reason.code, 'LimitExceeded.Account');
    assert.equal(await ctx.tx((tx) => tx.directories.countMembers(rd.directory.id)), quota);
  });

  ctx.test('two creations with one display name: exactly one wins', async () => {
    const rd = await ctx.tx(seed);
    const members = service(100);
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled(
        [0, 1].map(() =>
          ctx.tx((tx) =>
            members.createResourceAccount(tx, rd.masterAccount, {
              displayName: `same ${round}`,
              accountNamePrefix: undefined,
              parentFolderId: undefined,
              tags: [],
            }),
          ),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, `round ${round}`);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      assert.equal(failed.reason.code, 'InvalidParameter.Account.DisplayName.AlreadyUsed');
    }
    assert.equal(await ctx.tx((tx) => tx.directories.countMembers(rd.directory.id)), 5);
  });
});
