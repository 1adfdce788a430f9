import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wrongTryBudgets } from '../../src/storage/migrations/014-wrong-try-budgets.js';
import { postgresDialect, sqliteDialect } from '../../src/storage/sql/dialect.js';
import { sqliteBefore, withPostgresBefore } from './earlier-schema.js';
import { testDatabaseUrl } from './engines.js';

/** Migration 014 turns the wrong-try log into budgets: each (holder, phone) keeps the latest hour of its log. */
const MINUTE = 60_000;
const T = 1_000 * 60 * MINUTE;
const LOG: [string, string, number][] = [
  // Old tries, then three in the hour before the latest: the budget starts at the first of those three.
  ['1000000000000001', '1-2025550123', T - 3 * 60 * MINUTE],
  ['1000000000000001', '1-2025550123', T - 60 * MINUTE],
  ['1000000000000001', '1-2025550123', T - 50 * MINUTE],
  ['1000000000000001', '1-2025550123', T - 10 * MINUTE],
  ['1000000000000001', '1-2025550123', T],
  ['1000000000000001', '44-7911123456', T - 5 * MINUTE],
  ['1000000000000002', '1-2025550123', T - 7 * MINUTE],
  ['1000000000000002', '1-2025550123', T - 7 * MINUTE],
];
const insert = ([account, phone, at]: [string, string, number]) =>
  `INSERT INTO wrong_tries (account_id, phone, at) VALUES ('${account}', '${phone}', ${at})`;
const READ = 'SELECT account_id, phone, window_start, used FROM wrong_try_budgets ORDER BY account_id, phone';
const expected = [
  { account_id: '1000000000000001', phone: '1-2025550123', window_start: T - 50 * MINUTE, used: 3 },
  { account_id: '1000000000000001', phone: '44-7911123456', window_start: T - 5 * MINUTE, used: 1 },
  { account_id: '1000000000000002', phone: '1-2025550123', window_start: T - 7 * MINUTE, used: 2 },
];

test('migration 014 carries the latest hour of wrong tries into budgets and drops the log, on SQLite', () => {
  const db = sqliteBefore(wrongTryBudgets.version);
  try {
    for (const row of LOG) db.exec(insert(row));
    db.exec(wrongTryBudgets.sql(sqliteDialect));
    assert.deepEqual(db.prepare(READ).all(), expected);
    assert.throws(() => db.exec(insert(LOG[0]!)), /no such table: wrong_tries/);
  } finally {
    db.close();
  }
});

test('migration 014 carries the latest hour of wrong tries into budgets and drops the log, on PostgreSQL', {
  skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set',
}, async () => {
  await withPostgresBefore(testDatabaseUrl!, wrongTryBudgets.version, async (client) => {
    for (const row of LOG) await client.query(insert(row));
    await client.query(wrongTryBudgets.sql(postgresDialect));
    const { rows } = await client.query(READ);
    assert.deepEqual(
      rows.map((row) => ({ ...row, window_start: Number(row.window_start) })),
      expected,
    );
    await assert.rejects(client.query(insert(LOG[0]!)), /relation "wrong_tries" does not exist/);
  });
});
