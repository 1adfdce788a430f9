import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrations } from '../../src/storage/migrations/index.js';
import { migratePostgres } from '../../src/storage/postgres/index.js';
import { migrate } from '../../src/storage/sqlite/migrate.js';
import { sqliteBefore, withPostgresBefore } from './earlier-schema.js';
import { testDatabaseUrl } from './engines.js';

/**
 * Migrations that move data, run over data written by the schema before them, on both engines:
 * a database created by an earlier release must come through an upgrade with nothing lost.
 */
const BEFORE_TAGS = 9;

/** Rows as an earlier release wrote them: a directory, a member with two tags, a Pending invitation. */
const SEED = `
  INSERT INTO accounts (id, name, display_name, secure_phone, enterprise_verified, enterprise_name, site, profile_type, created_at)
    VALUES ('1000000000000001', 'ma@canopy.test', 'MA', NULL, TRUE, 'Co', 'international', 'standard', 0),
           ('1000000000000002', 'member@canopy.test', 'Member', NULL, TRUE, 'Co', 'international', 'standard', 0);
  INSERT INTO directories (id, master_account_id, root_folder_id, created_at, control_policy_status, member_deletion_status,
      display_name_sync_status) VALUES ('rd-upgrade1', '1000000000000001', 'r-upgr01', 0, 'Disabled', 'Disabled', 'Enabled');
  INSERT INTO folders (id, directory_id, name, parent_id, created_at) VALUES ('r-upgr01', 'rd-upgrade1', 'Root', NULL, 0);
  INSERT INTO members (account_id, directory_id, folder_id, role, type, join_method, status, joined_at, modified_at)
    VALUES ('1000000000000002', 'rd-upgrade1', 'r-upgr01', 'member', 'ResourceAccount', 'created', 'CreateSuccess', 0, 0);
  INSERT INTO account_tags (account_id, key, value) VALUES ('1000000000000002', 'env', 'prod'), ('1000000000000002', 'team', '');
  INSERT INTO handshakes (id, directory_id, master_account_id, master_account_name, target_entity, target_type, target_account_id,
      note, status, created_at, modified_at, expires_at)
    VALUES ('h-upgrade000000001', 'rd-upgrade1', '1000000000000001', 'ma@canopy.test', '1000000000000009', 'Account',
      '1000000000000009', '', 'Pending', 0, 0, 1);
`;
const TAGS = 'SELECT resource_type, resource_id, key, value, directory_id FROM resource_tags ORDER BY key';
const EXPECTED_TAGS = [
  { resource_type: 'Account', resource_id: '1000000000000002', key: 'env', value: 'prod', directory_id: 'rd-upgrade1' },
  { resource_type: 'Account', resource_id: '1000000000000002', key: 'team', value: '', directory_id: 'rd-upgrade1' },
];

test('010 resource_tags (SQLite): member tags move over, invitations get an empty tag list', () => {
  const db = sqliteBefore(BEFORE_TAGS + 1);
  try {
    db.exec(SEED);
    assert.equal(migrate(db), migrations.length - BEFORE_TAGS);
    assert.deepEqual(db.prepare(TAGS).all(), EXPECTED_TAGS);
    assert.deepEqual(db.prepare('SELECT tags FROM handshakes').pluck().all(), ['[]']);
    assert.equal(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'account_tags'").pluck().get(), 0);
  } finally {
    db.close();
  }
});

test('010 resource_tags (PostgreSQL): member tags move over, invitations get an empty tag list', {
  skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set',
}, async () => {
  const url = testDatabaseUrl!;
  await withPostgresBefore(url, BEFORE_TAGS + 1, async (client, schema) => {
    await client.query(SEED);
    assert.equal(await migratePostgres(url, schema), migrations.length - BEFORE_TAGS);
    assert.deepEqual((await client.query(TAGS)).rows, EXPECTED_TAGS);
    assert.deepEqual((await client.query('SELECT tags FROM handshakes')).rows, [{ tags: '[]' }]);
    assert.equal((await client.query("SELECT to_regclass('account_tags') AS t")).rows[0].t, null);
  });
});

/** 021 nonces-by-minute, the last migration: nonces claimed before it keep refusing their replays. */
const NONCES_BY_MINUTE = 21;
const SIGNED = Date.parse('2026-12-01T08:00:20Z');
/** The pipeline's expiry: the signed time plus the default window of 15 minutes. */
const NONCE_SEED = `INSERT INTO nonces (access_key_id, nonce, expires_at) VALUES ('LTAIupgrade', 'n-old', ${SIGNED + 900_000})`;
const NONCES = 'SELECT signed_minute, access_key_id, nonce, expires_at FROM nonces';
const EXPECTED_NONCES = [
  { signed_minute: Math.floor(SIGNED / 60_000), access_key_id: 'LTAIupgrade', nonce: 'n-old', expires_at: SIGNED + 900_000 },
];

test('021 nonces-by-minute (SQLite): each nonce keeps its expiry and gets the minute it was signed in', () => {
  const db = sqliteBefore(NONCES_BY_MINUTE);
  try {
    db.exec(NONCE_SEED);
    assert.equal(migrate(db), 1);
    assert.deepEqual(db.prepare(NONCES).all(), EXPECTED_NONCES);
  } finally {
    db.close();
  }
});

test('021 nonces-by-minute (PostgreSQL): each nonce keeps its expiry and gets the minute it was signed in', {
  skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set',
}, async () => {
  const url = testDatabaseUrl!;
  await withPostgresBefore(url, NONCES_BY_MINUTE, async (client, schema) => {
    await client.query(NONCE_SEED);
    assert.equal(await migratePostgres(url, schema), 1);
    const rows = (await client.query(NONCES)).rows.map((r) => ({
      ...r,
      signed_minute: Number(r.signed_minute),
      expires_at: Number(r.expires_at),
    }));
    assert.deepEqual(rows, EXPECTED_NONCES);
  });
});
