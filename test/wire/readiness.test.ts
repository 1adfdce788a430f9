import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { dropSchema, freshSchema, testDatabaseUrl, withAdminClient } from '../contracts/engines.js';
import { startServer } from '../helpers/harness.js';
import { migrations } from '../../src/storage/migrations/index.js';

const latest = migrations[migrations.length - 1]!.version;
/** The version before it: versions need not be contiguous (013 was never used; 017 may land before 016). */
const previous = migrations[migrations.length - 2]!.version;
const rotated = {
  status: 'not-ready',
  reason: 'CANOPY_SECRET no longer matches the store (was the secret rotated?): restart with the new one',
};
const pending = { status: 'not-ready', reason: `migrations pending: the schema is at version ${previous}, this server needs ${latest}` };

describe('GET /_canopy/ready', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('memory store: ready, public even with an admin token', async () => {
    const harness = await startServer({ CANOPY_ADMIN_TOKEN: 'a-token-of-sixteen-chars' });
    try {
      const response = await fetch(`${harness.url}/_canopy/ready`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ready' });
    } finally {
      await harness.close();
    }
  });

  test('SQLite file: 503 with the reason while a migration is missing, ready again once it is applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-ready-'));
    dirs.push(dir);
    const harness = await startServer({ CANOPY_STORE: 'sqlite', CANOPY_DATA_DIR: dir });
    const db = new BetterSqlite3(join(dir, 'canopy.db'));
    try {
      assert.equal((await harness.admin('GET', '/_canopy/ready')).status, 200);
      const row = db.prepare('SELECT * FROM schema_migrations WHERE version = ?').get(latest);
      db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(latest);
      assert.deepEqual(await harness.admin('GET', '/_canopy/ready'), { status: 503, body: pending });
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)').run(row);
      assert.deepEqual(await harness.admin('GET', '/_canopy/ready'), { status: 200, body: { status: 'ready' } });

      // Another process rotated the secret: this one can no longer open what the store seals.
      const check = db.prepare("SELECT value FROM settings WHERE key = 'secret_check'").get() as { value: string };
      db.prepare("UPDATE settings SET value = 'v1:another' WHERE key = 'secret_check'").run();
      assert.deepEqual(await harness.admin('GET', '/_canopy/ready'), { status: 503, body: rotated });
      db.prepare("UPDATE settings SET value = ? WHERE key = 'secret_check'").run(check.value);
      assert.deepEqual(await harness.admin('GET', '/_canopy/ready'), { status: 200, body: { status: 'ready' } });
    } finally {
      db.close();
      await harness.close();
    }
  });

  test('PostgreSQL: the same', { skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set' }, async () => {
    const schema = freshSchema('canopy_ready');
    const harness = await startServer({ DATABASE_URL: testDatabaseUrl!, CANOPY_DATABASE_SCHEMA: schema, CANOPY_STORE: '' });
    try {
      assert.equal((await harness.admin('GET', '/_canopy/ready')).status, 200);
      await withAdminClient(testDatabaseUrl!, (c) =>
        c.query(`UPDATE ${schema}.schema_migrations SET version = -version WHERE version = $1`, [latest]),
      );
      assert.deepEqual(await harness.admin('GET', '/_canopy/ready'), { status: 503, body: pending });
      await withAdminClient(testDatabaseUrl!, (c) =>
        c.query(`UPDATE ${schema}.schema_migrations SET version = -version WHERE version = $1`, [-latest]),
      );
      assert.deepEqual(await harness.admin('GET', '/_canopy/ready'), { status: 200, body: { status: 'ready' } });
      await withAdminClient(testDatabaseUrl!, (c) =>
        c.query(`UPDATE ${schema}.settings SET value = 'x' || value WHERE key = 'secret_check'`),
      );
      assert.deepEqual(await harness.admin('GET', '/_canopy/ready'), { status: 503, body: rotated });
    } finally {
      await harness.close();
      await dropSchema(testDatabaseUrl!, schema);
    }
  });
});
