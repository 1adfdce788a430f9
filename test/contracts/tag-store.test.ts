import assert from 'node:assert/strict';
import type { TxStores } from '../../src/storage/store.js';
import { contract } from './engines.js';
import { seedDirectory } from './fixtures.js';

const seed = async (tx: TxStores) => (await seedDirectory(tx)).directory.id;

contract('TagStore', (ctx) => {
  ctx.test("put replaces a key's value, of() reads per resource ordered byte-wise, remove takes keys or all", async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      await tx.tags.put(rd, 'Account', '1000000000000001', [
        { key: 'b', value: '1' },
        { key: 'B', value: '2' },
        { key: 'a', value: '' },
      ]);
      await tx.tags.put(rd, 'Account', '1000000000000001', [{ key: 'b', value: 'changed' }]);
      await tx.tags.put(rd, 'Folder', '1000000000000001', [{ key: 'same-id', value: 'other type' }]);
      const of = await tx.tags.of('Account', ['1000000000000001', '1000000000000002']);
      assert.deepEqual([...of.keys()], ['1000000000000001']);
      assert.deepEqual(of.get('1000000000000001'), [
        { key: 'B', value: '2' },
        { key: 'a', value: '' },
        { key: 'b', value: 'changed' },
      ]);
      await tx.tags.remove('Account', '1000000000000001', ['a', 'missing']);
      assert.deepEqual(
        (await tx.tags.of('Account', ['1000000000000001'])).get('1000000000000001')?.map((t) => t.key),
        ['B', 'b'],
      );
      await tx.tags.remove('Account', '1000000000000001', 'all');
      assert.equal((await tx.tags.of('Account', ['1000000000000001'])).size, 0);
      assert.equal((await tx.tags.of('Folder', ['1000000000000001'])).size, 1, 'another type keeps its tags');
      await tx.tags.clear(rd);
      assert.equal((await tx.tags.of('Folder', ['1000000000000001'])).size, 0);
    });
  });

  ctx.test('list: one directory and type, resource filter, tag filters (AND, only the filtered keys), cursor paging', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const other = await seed(tx);
      await tx.tags.put(rd, 'Account', 'acc-2', [
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'x' },
      ]);
      await tx.tags.put(rd, 'Account', 'acc-1', [
        { key: 'env', value: 'dev' },
        { key: 'owner', value: 'me' },
      ]);
      await tx.tags.put(rd, 'Folder', 'fd-1', [{ key: 'env', value: 'prod' }]);
      await tx.tags.put(other, 'Account', 'acc-9', [{ key: 'env', value: 'prod' }]);
      const rows = (query: Partial<Parameters<typeof tx.tags.list>[1]>) =>
        tx.tags
          .list(rd, { type: 'Account', resourceIds: [], filters: [], limit: 10, ...query })
          .then((list) => list.map((t) => `${t.resourceId}:${t.key}=${t.value}`));
      assert.deepEqual(await rows({}), ['acc-1:env=dev', 'acc-1:owner=me', 'acc-2:env=prod', 'acc-2:team=x']);
      assert.deepEqual(await rows({ type: 'Folder' }), ['fd-1:env=prod']);
      assert.deepEqual(await rows({ resourceIds: ['acc-2', 'acc-9'] }), ['acc-2:env=prod', 'acc-2:team=x']);
      assert.deepEqual(await rows({ filters: [{ key: 'env', value: 'prod' }] }), ['acc-2:env=prod']);
      assert.deepEqual(await rows({ filters: [{ key: 'env' }] }), ['acc-1:env=dev', 'acc-2:env=prod']);
      assert.deepEqual(await rows({ filters: [{ key: 'env' }, { key: 'team' }] }), ['acc-2:env=prod', 'acc-2:team=x']);
      assert.deepEqual(await rows({ filters: [{ key: 'nothing' }] }), []);
      assert.deepEqual(await rows({ limit: 2 }), ['acc-1:env=dev', 'acc-1:owner=me']);
      assert.deepEqual(await rows({ after: { resourceId: 'acc-1', key: 'owner' }, limit: 2 }), ['acc-2:env=prod', 'acc-2:team=x']);
      assert.deepEqual(await rows({ after: { resourceId: 'acc-1', key: 'env' }, limit: 2 }), ['acc-1:owner=me', 'acc-2:env=prod']);
    });
  });

  ctx.test('keys and values: distinct, byte-wise ordered, case-insensitive literal contains, cursor', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      await tx.tags.put(rd, 'Account', 'a1', [
        { key: 'Env', value: 'prod' },
        { key: 'env', value: 'Prod' },
        { key: 'e%v', value: 'x' },
      ]);
      await tx.tags.put(rd, 'Account', 'a2', [
        { key: 'env', value: 'Prod' },
        { key: 'team', value: 'core' },
      ]);
      await tx.tags.put(rd, 'Folder', 'f1', [{ key: 'folder-only', value: 'x' }]);
      assert.deepEqual(await tx.tags.keys(rd, 'Account', { limit: 10 }), ['Env', 'e%v', 'env', 'team']);
      assert.deepEqual(await tx.tags.keys(rd, 'Account', { contains: 'EN', limit: 10 }), ['Env', 'env']);
      assert.deepEqual(await tx.tags.keys(rd, 'Account', { contains: '%', limit: 10 }), ['e%v'], 'literal %');
      assert.deepEqual(await tx.tags.keys(rd, 'Account', { after: 'e%v', limit: 1 }), ['env']);
      assert.deepEqual(await tx.tags.keys(rd, 'Folder', { limit: 10 }), ['folder-only']);
      assert.deepEqual(await tx.tags.values(rd, 'Account', 'env', { limit: 10 }), ['Prod'], 'distinct');
      assert.deepEqual(await tx.tags.values(rd, 'Account', 'Env', { contains: 'RO', limit: 10 }), ['prod']);
      assert.deepEqual(await tx.tags.values(rd, 'Account', 'env', { after: 'Prod', limit: 10 }), []);
    });
  });
});
