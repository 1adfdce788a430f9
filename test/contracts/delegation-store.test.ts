import assert from 'node:assert/strict';
import { systemClock } from '../../src/domain/clock.js';
import { DelegationService } from '../../src/domain/delegation/delegation-service.js';
import { trustedService } from '../../src/domain/delegation/trusted-services.js';
import { DirectoryScope } from '../../src/domain/directory/scope.js';
import type { TxStores } from '../../src/storage/store.js';
import { contract } from './engines.js';
import { account, at, membership, seedDirectory } from './fixtures.js';

const SERVICE = 'config.aliyuncs.com';
const OTHER = 'cloudfw.aliyuncs.com';
/** A service that allows several delegated administrators (five). */
const WIDE = 'resourcecenter.aliyuncs.com';

const seed = seedDirectory;

/** A member of the directory (in Root); its account ID. */
async function member(tx: TxStores, rd: Awaited<ReturnType<typeof seed>>, displayName: string): Promise<string> {
  const a = account({ displayName });
  await tx.accounts.insert(a);
  assert.ok(await tx.members.insert(membership(a.id, rd.directory.id, rd.root.id), displayName));
  return a.id;
}

const registration = (directoryId: string, accountId: string, servicePrincipal: string, ms: number) => ({
  directoryId,
  accountId,
  servicePrincipal,
  registeredAt: at(ms),
});

contract('DelegationStore', (ctx) => {
  ctx.test('register once per (service, account); count, list (oldest first, filtered, paged), servicesOf, deregister', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const id = rd.directory.id;
      const [a, b] = [await member(tx, rd, 'A'), await member(tx, rd, 'B')];
      assert.equal(await tx.delegations.register(registration(id, a, SERVICE, 2000)), true);
      assert.equal(await tx.delegations.register(registration(id, a, SERVICE, 9000)), false, 'the pair is taken');
      assert.equal(await tx.delegations.register(registration(id, b, SERVICE, 1000)), true);
      assert.equal(await tx.delegations.register(registration(id, a, OTHER, 3000)), true);
      assert.equal(await tx.delegations.count(id), 3);
      assert.equal(await tx.delegations.count(id, SERVICE), 2);
      assert.equal(await tx.delegations.count(id, 'unknown.aliyuncs.com'), 0);
      const list = async (principal: string | undefined, offset: number, limit: number) =>
        (await tx.delegations.list(id, principal, offset, limit)).map((r) => `${r.accountId === a ? 'a' : 'b'}:${r.servicePrincipal}`);
      assert.deepEqual(await list(undefined, 0, 10), [`b:${SERVICE}`, `a:${SERVICE}`, `a:${OTHER}`]);
      assert.deepEqual(await list(undefined, 1, 1), [`a:${SERVICE}`]);
      assert.deepEqual(await list(SERVICE, 0, 10), [`b:${SERVICE}`, `a:${SERVICE}`]);
      const [first] = await tx.delegations.list(id, SERVICE, 0, 1);
      assert.deepEqual(first, registration(id, b, SERVICE, 1000), 'the first registration time is kept');
      assert.deepEqual(
        (await tx.delegations.servicesOf(a)).map((r) => r.servicePrincipal),
        [SERVICE, OTHER],
      );
      assert.equal(await tx.delegations.deregister(a, SERVICE), true);
      assert.equal(await tx.delegations.deregister(a, SERVICE), false);
      assert.deepEqual(
        (await tx.delegations.servicesOf(a)).map((r) => r.servicePrincipal),
        [OTHER],
      );
    });
  });

  ctx.test('rows of one millisecond list in the order they were made, not by key', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const id = rd.directory.id;
      const accounts = [await member(tx, rd, 'Z'), await member(tx, rd, 'Y'), await member(tx, rd, 'X')];
      // Registered in descending key order, all at once: insertion order must win over the key.
      const made = [...accounts].sort().reverse();
      for (const accountId of made) assert.equal(await tx.delegations.register(registration(id, accountId, WIDE, 4000)), true);
      assert.deepEqual(
        (await tx.delegations.list(id, WIDE, 0, 10)).map((r) => r.accountId),
        made,
      );
      const on = (servicePrincipal: string) =>
        tx.delegations.enable({ directoryId: id, accountId: rd.masterAccount.id, servicePrincipal, enabledAt: at(4000) });
      for (const servicePrincipal of [WIDE, SERVICE, OTHER]) assert.equal(await on(servicePrincipal), true);
      assert.deepEqual(
        (await tx.delegations.enabled(rd.masterAccount.id, 0, 10)).map((e) => e.servicePrincipal),
        [WIDE, SERVICE, OTHER],
      );
    });
  });

  ctx.test('trusted services turned on per account: the first time kept, paged, turned off', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const master = rd.masterAccount.id;
      const on = (servicePrincipal: string, ms: number) =>
        tx.delegations.enable({ directoryId: rd.directory.id, accountId: master, servicePrincipal, enabledAt: at(ms) });
      assert.equal(await on(SERVICE, 5000), true);
      assert.equal(await on(SERVICE, 9000), false);
      assert.equal(await on(OTHER, 1000), true);
      assert.equal(await tx.delegations.countEnabled(master), 2);
      assert.deepEqual(
        (await tx.delegations.enabled(master, 0, 10)).map((e) => [e.servicePrincipal, e.enabledAt.getTime()]),
        [
          [OTHER, at(1000).getTime()],
          [SERVICE, at(5000).getTime()],
        ],
      );
      assert.deepEqual(
        (await tx.delegations.enabled(master, 1, 1)).map((e) => e.servicePrincipal),
        [SERVICE],
      );
      assert.equal(await tx.delegations.disable(master, SERVICE), true);
      assert.equal(await tx.delegations.disable(master, SERVICE), false);
      assert.equal(await tx.delegations.countEnabled(master), 1);
    });
  });

  ctx.test('registrations and enablements go with the membership, the deleted account and the directory', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const id = rd.directory.id;
      const [leaver, deleted, stayer] = [await member(tx, rd, 'Leaver'), await member(tx, rd, 'Deleted'), await member(tx, rd, 'Stayer')];
      for (const accountId of [leaver, deleted, stayer]) {
        await tx.delegations.register(registration(id, accountId, SERVICE, 1000));
        await tx.delegations.enable({ directoryId: id, accountId, servicePrincipal: SERVICE, enabledAt: at(1000) });
      }
      await tx.members.remove(leaver);
      assert.deepEqual(await tx.delegations.servicesOf(leaver), []);
      assert.equal(await tx.delegations.countEnabled(leaver), 0);

      await tx.deletions.start(deleted, id, { checkStartedAt: at(0), checkDoneAt: at(0), startedAt: at(0), dueAt: at(1) });
      assert.equal(await tx.deletions.finishDueOf(deleted, at(2)), true);
      assert.deepEqual(await tx.delegations.servicesOf(deleted), []);
      assert.equal(await tx.delegations.countEnabled(deleted), 0);

      assert.equal(await tx.delegations.count(id), 1);
      await tx.delegations.enable({ directoryId: id, accountId: rd.masterAccount.id, servicePrincipal: SERVICE, enabledAt: at(1) });
      await tx.delegations.clear(id);
      assert.equal(await tx.delegations.count(id), 0);
      assert.equal(await tx.delegations.countEnabled(stayer), 0);
      assert.equal(await tx.delegations.countEnabled(rd.masterAccount.id), 0);
    });
  });

  ctx.test(
    "concurrent registrations for one service: exactly the service's maximum wins, the rest get DelegatedAccountNumberExceeded",
    async () => {
      const limit = trustedService(WIDE)!.delegatedAdministrators;
      const { rd, members } = await ctx.tx(async (tx) => {
        const rd = await seed(tx);
        const members: string[] = [];
        for (let i = 0; i < limit + 6; i++) members.push(await member(tx, rd, `racer ${i}`));
        return { rd, members };
      });
      const delegation = new DelegationService(systemClock, new DirectoryScope(systemClock));
      const results = await Promise.allSettled(
        members.map((accountId) => ctx.tx((tx) => delegation.register(tx, rd.masterAccount, { accountId, servicePrincipal: WIDE }))),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, limit);
      for (const r of results) if (r.status === 'rejected') assert.equal(r.reason.code, 'DelegatedAccountNumberExceeded');
      assert.equal(await ctx.tx((tx) => tx.delegations.count(rd.directory.id, WIDE)), limit);
    },
  );

  ctx.test('the same member registered twice at once: exactly one wins, the other gets AccountAlreadyRegistered', async () => {
    const { rd, accountId } = await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      return { rd, accountId: await member(tx, rd, 'Twice') };
    });
    const delegation = new DelegationService(systemClock, new DirectoryScope(systemClock));
    for (const servicePrincipal of [SERVICE, OTHER]) {
      const results = await Promise.allSettled(
        [0, 1, 2].map(() => ctx.tx((tx) => delegation.register(tx, rd.masterAccount, { accountId, servicePrincipal }))),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.equal(r.reason.code, 'AccountAlreadyRegistered');
    }
    assert.equal(await ctx.tx((tx) => tx.delegations.count(rd.directory.id)), 2);
  });
});
