import assert from 'node:assert/strict';
import { systemClock } from '../../src/domain/clock.js';
import { FolderService } from '../../src/domain/directory/folder-service.js';
import { DirectoryScope } from '../../src/domain/directory/scope.js';
import { ControlPolicyService } from '../../src/domain/policies/policy-service.js';
import type { CustomControlPolicy } from '../../src/domain/policies/policy-store.js';
import { fullAliyunAccess } from '../../src/domain/policies/system-policies.js';
import { cryptoRandom } from '../../src/domain/random.js';
import type { TxStores } from '../../src/storage/store.js';
import { contract } from './engines.js';
import { account, at, membership, unique, seedDirectory } from './fixtures.js';

const DOCUMENT = '{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:DeleteRole","Resource":"*"}]}';

/** The seeded directory, with its ID at hand. */
async function seed(tx: TxStores) {
  const rd = await seedDirectory(tx);
  return { ...rd, id: rd.directory.id };
}

const policy = (directoryId: string, name: string, offsetMs = 0): CustomControlPolicy => ({
  id: unique('cp-'),
  directoryId,
  name,
  description: `About ${name}`,
  effectScope: 'RAM',
  document: DOCUMENT,
  createdAt: at(offsetMs),
  updatedAt: at(offsetMs),
});

const service = () => new ControlPolicyService(systemClock, cryptoRandom, new DirectoryScope(systemClock));

contract('ControlPolicyStore', (ctx) => {
  ctx.test('insert, get, nameTaken, update, list in creation order, count, remove; a name is unique per directory only', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const other = await seed(tx);
      const [b, a] = [policy(rd.id, 'Beta', 1000), policy(rd.id, 'Alpha', 2000)];
      assert.equal(await tx.controlPolicies.insert(b), true);
      assert.equal(await tx.controlPolicies.insert(a), true);
      assert.equal(await tx.controlPolicies.insert({ ...policy(rd.id, 'Beta'), id: unique('cp-') }), false, 'same name, same directory');
      assert.equal(await tx.controlPolicies.insert(policy(other.id, 'Beta')), true, 'same name, another directory');
      assert.deepEqual(await tx.controlPolicies.get(b.id), b);
      assert.equal(await tx.controlPolicies.get('cp-nothing'), undefined);
      assert.equal(await tx.controlPolicies.nameTaken(rd.id, 'Beta'), true);
      assert.equal(await tx.controlPolicies.nameTaken(rd.id, 'Beta', b.id), false, 'its own name');
      assert.equal(await tx.controlPolicies.nameTaken(rd.id, 'beta'), false, 'case-sensitive');
      assert.equal(await tx.controlPolicies.count(rd.id), 2);
      assert.deepEqual(
        (await tx.controlPolicies.list(rd.id, 0, 10)).map((p) => p.name),
        ['Beta', 'Alpha'],
      );
      assert.deepEqual(
        (await tx.controlPolicies.list(rd.id, 1, 10)).map((p) => p.name),
        ['Alpha'],
      );
      const changes = { name: 'Gamma', description: '', document: '{"Version":"1","Statement":[]}', updatedAt: at(5000) };
      await tx.controlPolicies.update(b.id, changes);
      assert.deepEqual(await tx.controlPolicies.get(b.id), { ...b, ...changes });
      await tx.controlPolicies.remove(a.id);
      assert.equal(await tx.controlPolicies.get(a.id), undefined);
      assert.equal(await tx.controlPolicies.count(rd.id), 1);
    });
  });

  ctx.test('policies created in one millisecond list in insertion order', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const names = ['Zulu', 'Alpha', 'Mike', 'Bravo'];
      for (const name of names) await tx.controlPolicies.insert({ ...policy(rd.id, name), id: `cp-${name}` });
      assert.deepEqual(
        (await tx.controlPolicies.list(rd.id, 0, 10)).map((p) => p.name),
        names,
      );
    });
  });

  ctx.test('attach, attachedTo (the system policy with its document), counts, detach, detachTarget, detachAll, clear', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const member = account({ displayName: 'Member' });
      await tx.accounts.insert(member);
      await tx.members.insert(membership(member.id, rd.id, rd.root.id), 'Shown member');
      const folder = { id: unique('fd-'), directoryId: rd.id, name: 'Dev', parentId: rd.root.id, createdAt: at(0) };
      await tx.folders.insert(folder);
      const custom = policy(rd.id, 'Custom');
      await tx.controlPolicies.insert(custom);

      await tx.controlPolicies.attachToAll(rd.id, fullAliyunAccess.policyId, at(1000));
      await tx.controlPolicies.attachToAll(rd.id, fullAliyunAccess.policyId, at(9000));
      const attach = (policyId: string, targetId: string, targetType: 'Folder' | 'Account', ms: number) =>
        tx.controlPolicies.attach({ policyId, targetId, directoryId: rd.id, targetType, attachedAt: at(ms) });
      assert.equal(await attach(custom.id, folder.id, 'Folder', 2000), true);
      assert.equal(await attach(custom.id, folder.id, 'Folder', 3000), false, 'already attached');
      assert.equal(await attach(custom.id, member.id, 'Account', 4000), true);

      const attached = await tx.controlPolicies.attachedTo([folder.id, member.id, rd.root.id, rd.masterAccount.id, 'fd-none']);
      assert.deepEqual([...attached.keys()].sort(), [folder.id, member.id, rd.root.id, rd.masterAccount.id].sort());
      assert.deepEqual(attached.get(folder.id), [
        {
          id: fullAliyunAccess.policyId,
          name: 'FullAliyunAccess',
          type: 'System',
          document: fullAliyunAccess.documentText,
          description: fullAliyunAccess.descriptions['zh-CN'],
          effectScope: 'All',
          attachedAt: at(1000),
        },
        {
          id: custom.id,
          name: 'Custom',
          type: 'Custom',
          document: DOCUMENT,
          description: 'About Custom',
          effectScope: 'RAM',
          attachedAt: at(2000),
        },
      ]);
      assert.equal(await tx.controlPolicies.countAttachedTo(folder.id), 2);
      assert.deepEqual(
        [...(await tx.controlPolicies.attachmentCounts(rd.id, [custom.id, fullAliyunAccess.policyId, 'cp-none'])).entries()].sort(),
        [
          [custom.id, 2],
          [fullAliyunAccess.policyId, 4],
        ].sort(),
      );

      assert.equal(await tx.controlPolicies.countTargets(rd.id, custom.id), 2);
      assert.deepEqual(await tx.controlPolicies.listTargets(rd.id, custom.id, 0, 10), [
        { targetId: folder.id, targetName: 'Dev', targetType: 'Folder', attachedAt: at(2000) },
        { targetId: member.id, targetName: 'Shown member', targetType: 'Account', attachedAt: at(4000) },
      ]);
      assert.deepEqual(
        (await tx.controlPolicies.listTargets(rd.id, custom.id, 1, 1)).map((t) => t.targetId),
        [member.id],
      );

      assert.equal(await tx.controlPolicies.detach(custom.id, folder.id), true);
      assert.equal(await tx.controlPolicies.detach(custom.id, folder.id), false);
      await tx.controlPolicies.detachTarget(member.id);
      assert.equal((await tx.controlPolicies.attachedTo([member.id])).size, 0);
      assert.equal(await tx.controlPolicies.countAttachedTo(folder.id), 1);
      await tx.controlPolicies.detachAll(rd.id);
      assert.equal((await tx.controlPolicies.attachedTo([folder.id, rd.root.id])).size, 0);
      assert.equal(await tx.controlPolicies.count(rd.id), 1, 'detaching keeps the policies');
      await attach(custom.id, folder.id, 'Folder', 5000);
      await tx.controlPolicies.clear(rd.id);
      assert.equal(await tx.controlPolicies.count(rd.id), 0);
      assert.equal(await tx.controlPolicies.countAttachedTo(folder.id), 0);
    });
  });

  ctx.test('a member whose deletion finishes takes its attachments with it', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const member = account();
      await tx.accounts.insert(member);
      await tx.members.insert(membership(member.id, rd.id, rd.root.id, { type: 'ResourceAccount', joinMethod: 'created' }), 'Doomed');
      await tx.controlPolicies.attachToAll(rd.id, fullAliyunAccess.policyId, at(0));
      const schedule = { checkStartedAt: at(0), checkDoneAt: at(1), startedAt: at(2), dueAt: at(3) };
      assert.equal(await tx.deletions.start(member.id, rd.id, schedule), true);
      assert.equal(await tx.deletions.finishDueOf(member.id, at(10)), true);
      assert.equal(await tx.controlPolicies.countAttachedTo(member.id), 0);
      assert.equal(await tx.controlPolicies.countAttachedTo(rd.root.id), 1);
    });
  });

  ctx.test('concurrent creates of one name: exactly one wins, the others get EntityAlreadyExists.ControlPolicy', async () => {
    const rd = await ctx.tx(seed);
    const policies = service();
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          ctx.tx((tx) => policies.create(tx, rd.masterAccount, { name: `Same-${round}`, effectScope: 'RAM', document: DOCUMENT })),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, `round ${round}`);
      for (const r of results) if (r.status === 'rejected') assert.equal(r.reason.code, 'EntityAlreadyExists.ControlPolicy');
    }
    assert.equal(await ctx.tx((tx) => tx.controlPolicies.count(rd.id)), 3);
  });

  ctx.test(
    'concurrent attaches to one target: exactly 10 custom policies stick, the rest get LimitExceeded.ControlPolicyAttachment',
    async () => {
      const rd = await ctx.tx(seed);
      const policies = service();
      await ctx.tx((tx) => policies.enable(tx, rd.masterAccount));
      const ids = await ctx.tx(async (tx) => {
        const made: string[] = [];
        for (let i = 0; i < 16; i++)
          made.push((await policies.create(tx, rd.masterAccount, { name: `P-${i}`, effectScope: 'RAM', document: DOCUMENT })).id);
        return made;
      });
      const results = await Promise.allSettled(
        ids.map((policyId) => ctx.tx((tx) => policies.attach(tx, rd.masterAccount, { policyId, targetId: rd.root.id }))),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
      for (const r of results) if (r.status === 'rejected') assert.equal(r.reason.code, 'LimitExceeded.ControlPolicyAttachment');
      const attached = await ctx.tx((tx) => tx.controlPolicies.attachedTo([rd.root.id]));
      assert.equal(attached.get(rd.root.id)?.filter((p) => p.type === 'Custom').length, 10);
      assert.equal(attached.get(rd.root.id)?.filter((p) => p.type === 'System').length, 1, 'FullAliyunAccess is not counted');
    },
  );

  ctx.test('folders created while EnableControlPolicy runs all end with FullAliyunAccess, whichever goes first', async () => {
    const rd = await ctx.tx(seed);
    const policies = service();
    const folders = new FolderService(systemClock, cryptoRandom, 'international', new DirectoryScope(systemClock), { quota: 100 });
    const [, ...created] = await Promise.all([
      ctx.tx((tx) => policies.enable(tx, rd.masterAccount)),
      ...Array.from({ length: 8 }, (_, i) => ctx.tx((tx) => folders.create(tx, rd.masterAccount, { name: `F${i}`, parentId: undefined }))),
    ]);
    const attached = await ctx.tx((tx) => tx.controlPolicies.attachedTo(created.map((f) => f.id)));
    for (const folder of created) {
      assert.deepEqual(
        attached.get(folder.id)?.map((p) => p.id),
        [fullAliyunAccess.policyId],
        `${folder.name}: a folder the enable did not see must see the enable`,
      );
    }
  });
});
