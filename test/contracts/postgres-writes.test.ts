import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { ConnectionGate } from '../../src/storage/postgres/gate.js';
import { Transactor } from '../../src/storage/postgres/transactor.js';
import { postgresSkip, testDatabaseUrl } from './engines.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

/**
 * How a transaction's writes go to PostgreSQL (storage/postgres/write.ts): one pg Query and one Sync
 * per write. Each test runs a Transactor on a pool of one connection, so the backend's pid tells
 * whether that connection came back to the pool fit for reuse or was discarded.
 */
describeUnlessSkipped('PostgreSQL writes: one Sync each', { skip: postgresSkip }, () => {
  const withTransactor = async (work: (transactor: Transactor) => Promise<void>) => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 1, pipeline: true } as pg.PoolConfig);
    const transactor = new Transactor(pool, new ConnectionGate(1, 5000));
    try {
      await work(transactor);
    } finally {
      await transactor.close();
    }
  };
  const backend = (transactor: Transactor) =>
    transactor.run(async (tx) => (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);

  test('a write that fails before its COMMIT commits nothing, and its connection is ended cleanly and used again', async () => {
    await withTransactor(async (transactor) => {
      const pid = await backend(transactor);
      await assert.rejects(
        transactor.run(async (tx) => {
          await tx.query('CREATE TEMP TABLE written (n int PRIMARY KEY)');
          await tx.later('INSERT INTO written VALUES (1)');
          // Fails as it runs; PostgreSQL skips what follows it in the write, the COMMIT the Transactor adds.
          await tx.later('SELECT 1 / 0');
        }),
        (error) => (error as { code?: string }).code === '22012',
      );
      assert.equal(await backend(transactor), pid, 'the connection went back to the pool');
      const left = await transactor.run(async (tx) => (await tx.query("SELECT to_regclass('pg_temp.written') AS t")).rows[0]);
      assert.deepEqual(left, { t: null }, 'nothing of the failed transaction was committed');
    });
  });

  test('a parameter pg cannot send fails its write before any of it is written, and the transaction cannot commit', async () => {
    await withTransactor(async (transactor) => {
      const pid = await backend(transactor);
      const circular: Record<string, unknown> = {};
      circular['self'] = circular;
      await assert.rejects(
        transactor.run(async (tx) => {
          await tx.query('CREATE TEMP TABLE kept_apart (n int)');
          await tx.later('INSERT INTO kept_apart VALUES (1)');
          // The work swallows the error, so the insert queued with it is lost: COMMIT must refuse.
          await tx.query('SELECT $1::text AS t', [circular]).catch((error) => assert.ok(error instanceof TypeError));
          // Nothing of that write reached the server, so what follows is answered as asked.
          const three = tx.soon('SELECT 3 AS n', undefined);
          assert.equal((await tx.query<{ n: number }>('SELECT 4 AS n')).rows[0]!.n, 4);
          assert.equal((await three.value()).rows[0]?.['n'], 3);
        }),
        TypeError,
      );
      assert.equal(await backend(transactor), pid, 'the connection went back to the pool');
      const left = await transactor.run(async (tx) => (await tx.query("SELECT to_regclass('pg_temp.kept_apart') AS t")).rows[0]);
      assert.deepEqual(left, { t: null }, 'nothing of the transaction was committed');
    });
  });
});
