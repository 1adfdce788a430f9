import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailChannel } from '../../src/storage/migrations/011-email-channel.js';
import { postgresDialect, sqliteDialect } from '../../src/storage/sql/dialect.js';
import { sqliteBefore, withPostgresBefore } from './earlier-schema.js';
import { testDatabaseUrl } from './engines.js';

/** Migration 011 rebuilds the outbox: SMS already queued must keep every field and their order. */
const QUEUED = ['msg-c', 'msg-a', 'msg-b'];
const insert = (id: string, i: number) =>
  `INSERT INTO outbox (id, account_id, purpose, phone, code, validity_seconds, status, created_at, sent_at, sender,
     attempts, next_attempt_at, lease_until, provider_message_id, delivery_status)
   VALUES ('${id}', '100000000000000${i}', 'EnableRD', '1-202555012${i}', '12345${i}', 600, 'pending', 1000, NULL, NULL,
     ${i}, 2000, NULL, 'p-${i}', NULL)`;
const READ = 'SELECT * FROM outbox ORDER BY created_at, %ORDER%';
const expected = QUEUED.map((id, i) => ({
  id,
  channel: 'sms',
  account_id: `100000000000000${i}`,
  purpose: 'EnableRD',
  phone: `1-202555012${i}`,
  email: null,
  code: `12345${i}`,
  validity_seconds: 600,
  status: 'pending',
  created_at: 1000,
  sent_at: null,
  sender: null,
  attempts: i,
  next_attempt_at: 2000,
  lease_until: null,
  provider_message_id: `p-${i}`,
  delivery_status: null,
}));

test('migration 011 keeps queued SMS, in insertion order, on SQLite; a recipient of the wrong channel is refused', () => {
  const db = sqliteBefore(emailChannel.version);
  try {
    for (const [i, id] of QUEUED.entries()) db.exec(insert(id, i));
    db.exec(emailChannel.sql(sqliteDialect));
    const rows = db.prepare(READ.replace('%ORDER%', 'rowid')).all();
    assert.deepEqual(rows, expected);
    const wrong = `INSERT INTO outbox (id, channel, account_id, purpose, email, code, validity_seconds, status, created_at, next_attempt_at)
      VALUES ('msg-d', 'sms', '1000000000000009', 'EnableRD', 'x@example.com', 'c', 600, 'pending', 1, 1)`;
    assert.throws(() => db.exec(wrong), /CHECK constraint failed/);
  } finally {
    db.close();
  }
});

test('migration 011 keeps queued SMS, in insertion order, on PostgreSQL', {
  skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set',
}, async () => {
  await withPostgresBefore(testDatabaseUrl!, emailChannel.version, async (client) => {
    for (const [i, id] of QUEUED.entries()) await client.query(insert(id, i));
    await client.query(emailChannel.sql(postgresDialect));
    const { rows } = await client.query(READ.replace('%ORDER%', 'seq'));
    const plain = rows.map(({ seq: _seq, ...row }) => ({
      ...row,
      created_at: Number(row.created_at),
      next_attempt_at: Number(row.next_attempt_at),
    }));
    assert.deepEqual(plain, expected);
    // New rows continue the insertion order after the copied ones.
    await client.query(insert('msg-z', 9));
    const last = await client.query('SELECT id FROM outbox ORDER BY seq DESC LIMIT 1');
    assert.equal(last.rows[0].id, 'msg-z');
  });
});
