import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import pino from 'pino';
import { connectPostgresStore, migratePostgres, openPostgresStore } from '../../src/storage/postgres/index.js';
import { migrations } from '../../src/storage/migrations/index.js';
import { StoreUnavailable } from '../../src/domain/store.js';
import type { Store } from '../../src/storage/store.js';
import { dropSchema, freshSchema, postgresSkip, testDatabaseUrl, withAdminClient } from './engines.js';
import { MINUTE, account, at, message } from './fixtures.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const secret = 'fault-tests-server-secret-0123456789abcdef';

/** Resolves with how long `promise` took to settle, and how it settled. */
async function timed<T>(promise: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = Date.now();
  try {
    const value = await promise;
    return { ms: Date.now() - started, value };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

// Without TEST_DATABASE_URL these suites are registered as visible skips.
{
  const url = testDatabaseUrl ?? '';
  const claim = (store: Store, nonce: string) =>
    store.transaction((tx) => tx.nonces.claim('LTAIfaults', nonce, at(MINUTE), at(MINUTE)).value());

  describeUnlessSkipped('PostgreSQL store: unreachable server', { skip: postgresSkip }, () => {
    const nowhere = 'postgres://postgres@127.0.0.1:1/test';

    test('opening fails fast with StoreUnavailable', async () => {
      const opened = await timed(openPostgresStore({ url: nowhere, secret: undefined }));
      assert.ok(opened.error instanceof StoreUnavailable, String(opened.error));
      assert.ok(opened.ms < 4000, `took ${opened.ms} ms`);
    });

    test('every operation of a store on it rejects with StoreUnavailable within seconds', async () => {
      const store = connectPostgresStore({ url: nowhere, secret });
      const operations: Promise<unknown>[] = [claim(store, 'n'), store.getSetting('k'), store.setSetting('k', 'v'), store.reset()];
      for (const operation of operations) {
        const outcome = await timed(operation);
        assert.ok(outcome.error instanceof StoreUnavailable, String(outcome.error));
        assert.ok(outcome.ms < 4000, `took ${outcome.ms} ms`);
      }
      await store.close();
    });

    test('a server that accepts connections but never answers: StoreUnavailable after the connect timeout', async () => {
      const sockets: Socket[] = [];
      const silent = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      const store = connectPostgresStore({ url: `postgres://postgres@127.0.0.1:${port}/test`, secret });
      try {
        const outcome = await timed(claim(store, 'n'));
        assert.ok(outcome.error instanceof StoreUnavailable, String(outcome.error));
        assert.ok(outcome.ms >= 2500 && outcome.ms < 5000, `took ${outcome.ms} ms`);
      } finally {
        await store.close();
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });
  });

  describeUnlessSkipped('PostgreSQL store: faults while running', { skip: postgresSkip }, () => {
    test('terminated backends: in-flight work fails with StoreUnavailable or succeeds on retry, then the pool recovers', async () => {
      const schema = freshSchema('canopy_fault');
      const applicationName = `canopy_fault_${process.pid}_${randomBytes(3).toString('hex')}`;
      const logged: string[] = [];
      const log = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) });
      const { store } = await openPostgresStore({ url, secret, schema, applicationName, log, poolSize: 5 });
      try {
        // Several pooled connections, idle when the backends are killed.
        assert.deepEqual(await Promise.all([1, 2, 3, 4, 5].map((i) => claim(store, `warm-${i}`))), [true, true, true, true, true]);
        // One transaction holds its connection across the kill.
        let runs = 0;
        let resume!: () => void;
        let holding!: () => void;
        const gate = new Promise<void>((resolve) => (resume = resolve));
        const held = new Promise<void>((resolve) => (holding = resolve));
        const inFlight = timed(
          store.transaction(async (tx) => {
            await tx.nonces.claim('LTAIfaults', `in-flight-${++runs}`, at(MINUTE), at(MINUTE)).value();
            holding();
            await gate;
            return tx.nonces.claim('LTAIfaults', 'after-kill', at(MINUTE), at(MINUTE)).value();
          }),
        );
        await held;
        const killed = await withAdminClient(url, async (client) => {
          const { rows } = await client.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1`,
            [applicationName],
          );
          await client.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [rows.map((r) => r.pid)]);
          // Wait until the backends are gone, so their sockets have closed.
          for (let i = 0; i < 100; i++) {
            const left = await client.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[])', [rows.map((r) => r.pid)]);
            if (left.rowCount === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          return rows.length;
        });
        assert.ok(killed >= 2, `only ${killed} connections to kill`);
        resume();

        const outcome = await inFlight;
        if (outcome.error !== undefined) assert.ok(outcome.error instanceof StoreUnavailable, String(outcome.error));
        else assert.equal(outcome.value, true);
        // The next transactions may still meet a dying connection, but only as StoreUnavailable.
        const next = await Promise.allSettled([1, 2, 3, 4, 5, 6, 7, 8].map((i) => claim(store, `next-${i}`)));
        for (const result of next)
          if (result.status === 'rejected') assert.ok(result.reason instanceof StoreUnavailable, String(result.reason));
        // Then everything works again, on new connections.
        assert.deepEqual(await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((i) => claim(store, `later-${i}`))), Array(8).fill(true));
        // A failed attempt left nothing behind; a committed one is there exactly once.
        assert.equal(
          await claim(store, 'in-flight-1'),
          runs > 1 || outcome.error !== undefined,
          'the first attempt is kept only if it committed',
        );
        assert.equal(await claim(store, 'after-kill'), outcome.error !== undefined);
        assert.ok(
          logged.some((line) => line.includes('idle PostgreSQL connection failed')),
          'idle connection failures are logged',
        );
      } finally {
        await store.close();
        await dropSchema(url, schema);
      }
    });

    test('conflicts are retried on a fresh transaction; the last failure is thrown as it was', async () => {
      const schema = freshSchema('canopy_fault');
      const { store } = await openPostgresStore({ url, secret, schema });
      try {
        let runs = 0;
        const value = await store.transaction(async (tx) => {
          await tx.accounts.insert(account({ name: `attempt-${++runs}@canopy.test` }));
          if (runs < 3) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
          return runs;
        });
        assert.equal(value, 3);
        const names = (await store.transaction((tx) => tx.accounts.list())).map((a) => a.name);
        assert.deepEqual(names, ['attempt-3@canopy.test'], 'only the last attempt is kept');

        runs = 0;
        const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
        await assert.rejects(
          store.transaction(async () => {
            runs++;
            throw deadlock;
          }),
          (error) => error === deadlock,
        );
        assert.equal(runs, 5, 'five attempts in all');
      } finally {
        await store.close();
        await dropSchema(url, schema);
      }
    });

    test('a check-then-insert race caught in a savepoint (as the RPC pipeline does) is run again and sees the winner', async () => {
      const schema = freshSchema('canopy_fault');
      const { store } = await openPostgresStore({ url, secret, schema });
      try {
        const name = 'race@canopy.test';
        let bothChecked!: () => void;
        let checks = 0;
        const checked = new Promise<void>((resolve) => (bothChecked = resolve));
        const create = () =>
          store.transaction(async (tx) => {
            try {
              return await tx.savepoint(async () => {
                const exists = await tx.accounts.findByName(name);
                if (++checks === 2) bothChecked();
                if (exists) return 'exists';
                await checked; // both have seen no such account before either inserts
                await tx.accounts.insert(account({ name }));
                return 'created';
              });
            } catch (error) {
              return error;
            }
          });
        const results = await Promise.all([create(), create()]);
        assert.deepEqual([...results].sort(), ['created', 'exists']);
        assert.equal((await store.transaction((tx) => tx.accounts.list())).length, 1);
      } finally {
        await store.close();
        await dropSchema(url, schema);
      }
    });

    test('a write fails with its first failed statement, not with the 25P02 of those behind it, which change nothing', async () => {
      const schema = freshSchema('canopy_fault');
      const { store } = await openPostgresStore({ url, secret, schema });
      try {
        const queued = message();
        await store.transaction((tx) => tx.outbox.enqueue(queued));
        const other = account();
        const isDuplicate = (error: unknown) => (error as { code?: string }).code === '23505';
        await assert.rejects(
          store.transaction(async (tx) => {
            // The enqueue waits in the queue and goes in one write with the insert behind it.
            await tx.outbox.enqueue(message({ id: queued.id }));
            await tx.accounts.insert(other);
          }),
          isDuplicate,
        );
        assert.equal(await store.transaction((tx) => tx.accounts.get(other.id)), undefined);
      } finally {
        await store.close();
        await dropSchema(url, schema);
      }
    });

    test('work that swallows a failed statement does not commit as if nothing happened', async () => {
      const schema = freshSchema('canopy_fault');
      const { store } = await openPostgresStore({ url, secret, schema });
      try {
        const taken = account({ name: 'taken@canopy.test' });
        await store.transaction((tx) => tx.accounts.insert(taken));
        const other = account({ name: 'other@canopy.test' });
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.accounts.insert(other);
            await tx.accounts.insert(account({ name: taken.name })).catch(() => undefined);
            return 'looks fine';
          }),
          (error) => (error as { code?: string }).code === '23505',
        );
        assert.equal(await store.transaction((tx) => tx.accounts.get(other.id)), undefined);
      } finally {
        await store.close();
        await dropSchema(url, schema);
      }
    });
  });

  describeUnlessSkipped('PostgreSQL migrations', { skip: postgresSkip }, () => {
    test('five instances migrating a fresh schema at once apply each migration once and agree on the secret', async () => {
      const schema = freshSchema('canopy_migrate');
      try {
        const counts = await Promise.all([1, 2, 3, 4, 5].map(() => migratePostgres(url, schema)));
        assert.deepEqual(
          counts.filter((n) => n > 0),
          [migrations.length],
          `applied ${counts.join(', ')}`,
        );
        const { rows } = await withAdminClient(url, (client) =>
          client.query<{ version: number; n: number }>(
            `SELECT version, count(*)::int AS n FROM ${schema}.schema_migrations GROUP BY version ORDER BY version`,
          ),
        );
        assert.deepEqual(
          rows,
          migrations.map((m) => ({ version: m.version, n: 1 })),
        );
        assert.equal(await migratePostgres(url, schema), 0, 'nothing left to apply');

        const opened = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url, secret: undefined, schema })));
        try {
          assert.equal(new Set(opened.map((o) => o.serverSecret)).size, 1, 'one generated secret for all');
        } finally {
          await Promise.all(opened.map((o) => o.store.close()));
        }
      } finally {
        await dropSchema(url, schema);
      }
    });

    test('schema names that are not plain lower-case identifiers are refused', async () => {
      await assert.rejects(migratePostgres(url, 'x; DROP TABLE y'), /invalid PostgreSQL schema name/);
      await assert.rejects(openPostgresStore({ url, secret, schema: 'Upper' }), /invalid PostgreSQL schema name/);
    });
  });
}
