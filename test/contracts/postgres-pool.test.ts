import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { StoreUnavailable } from '../../src/domain/store.js';
import { openPostgresStore } from '../../src/storage/postgres/index.js';
import { dropSchema, freshSchema, postgresSkip, testDatabaseUrl, withAdminClient } from './engines.js';
import { MINUTE, account, at, message } from './fixtures.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const secret = 'pool-tests-server-secret-0123456789abcdef';

// Without TEST_DATABASE_URL these suites are registered as visible skips.
{
  const url = testDatabaseUrl ?? '';

  describeUnlessSkipped('PostgreSQL store: bursts wait for a free connection', { skip: postgresSkip }, () => {
    test('a burst that keeps every connection busy for longer than the connect timeout still commits in full', async () => {
      const schema = freshSchema('canopy_pool');
      const { store } = await openPostgresStore({ url, secret, schema, poolSize: 2, connectTimeoutMs: 300, acquireTimeoutMs: 120_000 });
      try {
        // 16 transactions of at least 100 ms each on 2 connections: the last waits at least 700 ms for
        // its turn, more than twice the connect timeout, which used to count that wait.
        const results = await Promise.allSettled(
          Array.from({ length: 16 }, (_, i) =>
            store.transaction(async (tx) => {
              const claimed = await tx.nonces.claim('LTAIpool', `n-${i}`, at(MINUTE), at(MINUTE)).value();
              await sleep(100);
              return claimed;
            }),
          ),
        );
        assert.deepEqual(
          results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason))),
          Array.from({ length: 16 }, () => true),
        );
      } finally {
        await store.close();
        await dropSchema(url, schema);
      }
    });

    test('a wait longer than the acquire timeout is StoreUnavailable; the connection serves the next caller after', async () => {
      const schema = freshSchema('canopy_pool');
      const { store } = await openPostgresStore({ url, secret, schema, poolSize: 1, acquireTimeoutMs: 200 });
      try {
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const holder = store.transaction(async (tx) => {
          await tx.nonces.claim('LTAIpool', 'held', at(MINUTE), at(MINUTE)).value();
          await held;
        });
        await sleep(50);
        const waiter = await store
          .transaction((tx) => tx.nonces.claim('LTAIpool', 'late', at(MINUTE), at(MINUTE)).value())
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        assert.ok(waiter instanceof StoreUnavailable, String(waiter));
        release();
        await holder;
        assert.equal(await store.transaction((tx) => tx.nonces.claim('LTAIpool', 'after', at(MINUTE), at(MINUTE)).value()), true);
      } finally {
        await store.close();
        await dropSchema(url, schema);
      }
    });
  });

  describeUnlessSkipped('PostgreSQL store: prepared statements', { skip: postgresSkip }, () => {
    test('a table whose columns another process changed meanwhile is read again on a fresh connection, not refused', async () => {
      const schema = freshSchema('canopy_prepared');
      const { store } = await openPostgresStore({ url, secret, schema, poolSize: 1 });
      try {
        const owner = account();
        await store.transaction((tx) => tx.accounts.insert(owner));
        // Every statement is prepared by name on the connection that runs it.
        let nonce = 0;
        const read = () =>
          store.transaction(async (tx) => {
            await tx.nonces.claim('LTAIprepared', `n-${++nonce}`, at(MINUTE), at(MINUTE)).value();
            return (await tx.accounts.get(owner.id))?.id;
          });
        // Prepared on the pool's one connection, with the columns of the table as they are now.
        assert.equal(await read(), owner.id);
        await withAdminClient(url, (c) => c.query(`ALTER TABLE ${schema}.accounts ADD COLUMN added_by_a_migration TEXT`));
        assert.equal(await read(), owner.id);
        assert.equal(await read(), owner.id, 'and on the connection after');
      } finally {
        await store.close();
        await dropSchema(url, schema);
      }
    });

    test('statements first sent in a write that failed are prepared again when next used, whether PostgreSQL kept them or not', async () => {
      const schema = freshSchema('canopy_prepared');
      const { store: seeder } = await openPostgresStore({ url, secret, schema });
      const { store } = await openPostgresStore({ url, secret, schema, poolSize: 1 });
      try {
        const queued = message();
        await seeder.transaction((tx) => tx.outbox.enqueue(queued));
        const other = account();
        // On the one connection, neither statement has been sent yet. The enqueue is parsed and kept,
        // then fails as it runs; PostgreSQL skips the account's insert, so it is never parsed at all.
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.outbox.enqueue(message({ id: queued.id }));
            await tx.accounts.insert(other);
          }),
          (error) => (error as { code?: string }).code === '23505',
        );
        await store.transaction((tx) => tx.accounts.insert(other));
        const next = message();
        await store.transaction((tx) => tx.outbox.enqueue(next));
        assert.equal((await seeder.transaction((tx) => tx.accounts.get(other.id)))?.id, other.id);
      } finally {
        await Promise.all([store.close(), seeder.close()]);
        await dropSchema(url, schema);
      }
    });

    test('once one connection finds its statements stale, the other connections of the pool are not tried with theirs', async () => {
      const schema = freshSchema('canopy_prepared');
      const poolSize = 8;
      const { store } = await openPostgresStore({ url, secret, schema, poolSize });
      try {
        const owner = account();
        await store.transaction((tx) => tx.accounts.insert(owner));
        let nonce = 0;
        const read = (hold = 0) =>
          store.transaction(async (tx) => {
            await tx.nonces.claim('LTAIprepared', `n-${++nonce}`, at(MINUTE), at(MINUTE)).value();
            const id = (await tx.accounts.get(owner.id))?.id;
            // Held open a little, so that every connection of the pool is in use at once.
            await new Promise((resolve) => setTimeout(resolve, hold));
            return id;
          });
        // Each of the pool's connections prepares the read with the table's columns as they are now.
        assert.deepEqual(await Promise.all(Array.from({ length: poolSize }, () => read(50))), Array(poolSize).fill(owner.id));
        await withAdminClient(url, (c) => c.query(`ALTER TABLE ${schema}.accounts ADD COLUMN added_by_a_migration TEXT`));
        // More stale connections than attempts per request: each read must still be answered.
        for (let i = 0; i < poolSize; i++) assert.equal(await read(), owner.id, `read ${i + 1} after the migration`);
      } finally {
        await store.close();
        await dropSchema(url, schema);
      }
    });
  });
}
