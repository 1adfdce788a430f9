import assert from 'node:assert/strict';
import { AccountNameTaken, AccountsService } from '../../src/domain/accounts/service.js';
import { systemClock } from '../../src/domain/clock.js';
import type { Random } from '../../src/domain/random.js';
import { contract } from './engines.js';
import { T0, accessKey, account, at } from './fixtures.js';

contract('AccountStore', (ctx) => {
  ctx.test('insert then get and findByName return every field as stored', async () => {
    const alice = account({ name: 'alice@example.com', displayName: 'Alice', createdAt: at(42) });
    const bare = account({
      name: 'bare@example.com',
      securePhone: null,
      enterpriseVerified: false,
      enterpriseName: '',
      site: 'china',
      profileType: 'reseller',
    });
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(alice);
      await tx.accounts.insert(bare);
    });
    const read = await ctx.tx(async (tx) => ({
      alice: await tx.accounts.get(alice.id),
      bare: await tx.accounts.get(bare.id),
      byName: await tx.accounts.findByName('bare@example.com'),
    }));
    assert.deepEqual(read.alice, alice);
    assert.equal(read.alice!.createdAt.getTime(), at(42).getTime());
    assert.deepEqual(read.bare, bare);
    assert.equal(read.bare!.securePhone, null);
    assert.equal(read.bare!.enterpriseVerified, false);
    assert.deepEqual(read.byName, bare);
  });

  ctx.test('get and findByName answer undefined for unknown accounts', async () => {
    await ctx.tx((tx) => tx.accounts.insert(account({ name: 'known@example.com' })));
    const read = await ctx.tx(async (tx) => ({
      byId: await tx.accounts.get('9999999999999999'),
      byName: await tx.accounts.findByName('unknown@example.com'),
    }));
    assert.equal(read.byId, undefined);
    assert.equal(read.byName, undefined);
  });

  ctx.test('findByName matches the whole name exactly', async () => {
    await ctx.tx((tx) => tx.accounts.insert(account({ name: 'ops@rdadmin.aliyunid.com' })));
    const read = await ctx.tx(async (tx) => ({
      prefix: await tx.accounts.findByName('ops@rdadmin'),
      pattern: await tx.accounts.findByName('%@rdadmin.aliyunid.com'),
      exact: await tx.accounts.findByName('ops@rdadmin.aliyunid.com'),
    }));
    assert.equal(read.prefix, undefined);
    assert.equal(read.pattern, undefined);
    assert.equal(read.exact?.name, 'ops@rdadmin.aliyunid.com');
  });

  ctx.test('list returns every account', async () => {
    const accounts = [account({ createdAt: at(3) }), account({ createdAt: at(1) }), account({ createdAt: at(2) })];
    assert.deepEqual(await ctx.tx((tx) => tx.accounts.list()), []);
    await ctx.tx(async (tx) => {
      for (const a of accounts) await tx.accounts.insert(a);
    });
    const listed = await ctx.tx((tx) => tx.accounts.list());
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    assert.deepEqual([...listed].sort(byId), [...accounts].sort(byId));
  });

  ctx.test('bindSecurePhone sets the phone of an account without one, once', async () => {
    const bare = account({ securePhone: null });
    const bound = account({ securePhone: '1-2025550123' });
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(bare);
      await tx.accounts.insert(bound);
    });
    const first = await ctx.tx((tx) => tx.accounts.bindSecurePhone(bare.id, '44-7911123456'));
    const again = await ctx.tx((tx) => tx.accounts.bindSecurePhone(bare.id, '1-2025550199'));
    const other = await ctx.tx((tx) => tx.accounts.bindSecurePhone(bound.id, '44-7911123456'));
    const unknown = await ctx.tx((tx) => tx.accounts.bindSecurePhone('9999999999999999', '44-7911123456'));
    assert.deepEqual([first, again, other, unknown], [true, false, false, false]);
    const read = await ctx.tx(async (tx) => ({ bare: await tx.accounts.get(bare.id), bound: await tx.accounts.get(bound.id) }));
    assert.deepEqual(read.bare, { ...bare, securePhone: '44-7911123456' });
    assert.deepEqual(read.bound, bound);
  });

  ctx.test('concurrent bindSecurePhone calls on one account: exactly one wins', async () => {
    const bare = account({ securePhone: null });
    await ctx.tx((tx) => tx.accounts.insert(bare));
    const phones = Array.from({ length: 10 }, (_, i) => `1-20255501${String(i).padStart(2, '0')}`);
    const results = await Promise.all(phones.map((phone) => ctx.tx((tx) => tx.accounts.bindSecurePhone(bare.id, phone))));
    assert.equal(results.filter(Boolean).length, 1);
    const winner = phones[results.indexOf(true)];
    assert.equal((await ctx.tx((tx) => tx.accounts.get(bare.id)))?.securePhone, winner);
  });

  ctx.test('a second account with the same name is refused', async () => {
    await ctx.tx((tx) => tx.accounts.insert(account({ name: 'taken@example.com' })));
    const second = account({ name: 'taken@example.com' });
    await assert.rejects(ctx.tx((tx) => tx.accounts.insert(second)));
    const read = await ctx.tx(async (tx) => ({ second: await tx.accounts.get(second.id), all: await tx.accounts.list() }));
    assert.equal(read.second, undefined);
    assert.equal(read.all.length, 1);
  });

  ctx.test('two concurrent inserts of the same name: exactly one commits', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => ctx.tx((tx) => tx.accounts.insert(account({ name: 'race@example.com' })))),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal((await ctx.tx((tx) => tx.accounts.list())).length, 1);
  });

  ctx.test('a second account with the same ID is refused', async () => {
    const first = account({ name: 'first@example.com' });
    await ctx.tx((tx) => tx.accounts.insert(first));
    await assert.rejects(ctx.tx((tx) => tx.accounts.insert(account({ id: first.id, name: 'other@example.com' }))));
    assert.equal((await ctx.tx((tx) => tx.accounts.get(first.id)))?.name, 'first@example.com');
  });

  // Only engines that keep data across a reopen can show it; the others list it as a skip.
  ctx.test(
    'accounts survive closing and reopening a durable engine',
    { skip: ctx.engine.durable ? false : 'this engine keeps nothing across a reopen' },
    async () => {
      const a = account({ name: 'durable@example.com' });
      await ctx.tx((tx) => tx.accounts.insert(a));
      const store = await ctx.reopen();
      assert.deepEqual(await store.transaction((tx) => tx.accounts.findByName('durable@example.com')), a);
    },
  );
});

contract('AccessKeyStore', (ctx) => {
  ctx.test('insert then get returns the key with its secret in plain', async () => {
    const owner = account();
    const key = accessKey(owner.id, { createdAt: at(7) });
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(owner);
      await tx.accessKeys.insert(key);
    });
    assert.deepEqual(await ctx.tx((tx) => tx.accessKeys.get(key.id)), key);
  });

  ctx.test('a RAM user key keeps its RAM user; a root key has none', async () => {
    const owner = account();
    const root = accessKey(owner.id);
    const ram = accessKey(owner.id, { ramUser: 'ops.admin@example_1-x' });
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(owner);
      await tx.accessKeys.insert(root);
      await tx.accessKeys.insert(ram);
    });
    const read = await ctx.tx(async (tx) => [await tx.accessKeys.get(root.id), await tx.accessKeys.get(ram.id)]);
    assert.deepEqual(read, [root, ram]);
    assert.equal(read[0]!.ramUser, null);
    assert.equal(read[1]!.ramUser, 'ops.admin@example_1-x');
  });

  ctx.test('get answers undefined for an unknown key, and IDs are case-sensitive', async () => {
    const owner = account();
    const key = accessKey(owner.id, { id: 'LTAIcaseSensitiveKey0001' });
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(owner);
      await tx.accessKeys.insert(key);
    });
    const read = await ctx.tx(async (tx) => ({
      unknown: await tx.accessKeys.get('LTAInothing'),
      lower: await tx.accessKeys.get(key.id.toLowerCase()),
      exact: await tx.accessKeys.get(key.id),
    }));
    assert.equal(read.unknown, undefined);
    assert.equal(read.lower, undefined);
    assert.equal(read.exact?.secret, key.secret);
  });

  ctx.test('an account may hold several keys; a key ID is unique', async () => {
    const owner = account();
    const one = accessKey(owner.id);
    const two = accessKey(owner.id);
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(owner);
      await tx.accessKeys.insert(one);
      await tx.accessKeys.insert(two);
    });
    await assert.rejects(ctx.tx((tx) => tx.accessKeys.insert(accessKey(owner.id, { id: one.id, secret: 'replaced' }))));
    const read = await ctx.tx(async (tx) => [await tx.accessKeys.get(one.id), await tx.accessKeys.get(two.id)]);
    assert.deepEqual(read, [one, two]);
  });

  ctx.test('a key for a missing account is refused', async () => {
    const key = accessKey('9999999999999999');
    await assert.rejects(ctx.tx((tx) => tx.accessKeys.insert(key)));
    assert.equal(await ctx.tx((tx) => tx.accessKeys.get(key.id)), undefined);
  });

  // Only engines that keep data across a reopen can show it; the others list it as a skip.
  ctx.test(
    'secrets survive reopening a durable engine and are not stored in plain',
    { skip: ctx.engine.durable ? false : 'this engine keeps nothing across a reopen' },
    async () => {
      const owner = account();
      const key = accessKey(owner.id, { secret: 'PlainSecretThatMustNotBeOnDisk0', createdAt: T0 });
      await ctx.tx(async (tx) => {
        await tx.accounts.insert(owner);
        await tx.accessKeys.insert(key);
      });
      const store = await ctx.reopen();
      assert.deepEqual(await store.transaction((tx) => tx.accessKeys.get(key.id)), key);
      const bytes = await ctx.rawBytes();
      assert.ok(bytes, 'a durable engine shows its data at rest');
      assert.ok(bytes.includes(Buffer.from(key.id)), 'the key ID is in the data at rest');
      assert.equal(bytes.includes(Buffer.from(key.secret)), false, 'the plain secret is in the data at rest');
    },
  );

  ctx.test('a generated account name that is taken is drawn again; a given one that is taken is refused', async () => {
    // Name characters (drawn from 36) are all 'a' for the first two names, so the second generated
    // name is the first one again; everything else (account IDs) comes from a counter and differs.
    let nameDraws = 0;
    let counter = 0;
    const scripted: Random = {
      int: (max) => (max === 36 && nameDraws++ < 12 ? 0 : counter++ % max),
      bytes: (size) => Buffer.alloc(size, counter++),
    };
    const accounts = new AccountsService(systemClock, scripted);
    const [first, second] = await ctx.tx(async (tx) => [
      await accounts.create(tx, { site: 'international' }),
      await accounts.create(tx, { site: 'international' }),
    ]);
    assert.equal(first.name, 'user-aaaaaa@canopy.test');
    assert.notEqual(second.name, first.name);
    assert.match(second.name, /^user-[a-z0-9]{6}@canopy\.test$/);
    await assert.rejects(
      ctx.tx((tx) => accounts.create(tx, { site: 'international', name: first.name })),
      (error: Error) => error instanceof AccountNameTaken,
    );
  });
});
