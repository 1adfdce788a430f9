import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { GroupCommit, StoreRolledBack } from './group-commit.js';

function setup() {
  const db = new BetterSqlite3(':memory:');
  db.exec('CREATE TABLE t (v TEXT)');
  const stores = {
    insert: (v: string) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v),
    // What SQLite does by itself on SQLITE_FULL or an I/O error: the whole transaction is gone.
    engineRollsBack: () => db.exec('ROLLBACK'),
  };
  const commit = new GroupCommit(db, stores);
  const rows = () => db.prepare('SELECT v FROM t ORDER BY v').pluck().all();
  return { commit, rows };
}

test('work in one batch commits together; a throw undoes only its own writes', async () => {
  const { commit, rows } = setup();
  const results = await Promise.allSettled([
    commit.run(async (s) => s.insert('a')),
    commit.run(async (s) => {
      s.insert('b');
      throw new Error('nope');
    }),
    commit.run(async (s) => s.insert('c')),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.deepEqual(rows(), ['a', 'c']);
});

test('when the engine rolls the batch back, work already run fails and the rest runs in a new batch', async () => {
  const { commit, rows } = setup();
  const results = await Promise.allSettled([
    commit.run(async (s) => s.insert('lost')),
    commit.run(async (s) => {
      s.insert('also lost');
      s.engineRollsBack();
    }),
    commit.run(async (s) => s.insert('kept')),
  ]);
  assert.equal(results[0]!.status, 'rejected');
  assert.ok((results[0] as PromiseRejectedResult).reason instanceof StoreRolledBack);
  assert.equal(results[1]!.status, 'rejected');
  assert.equal(results[2]!.status, 'fulfilled');
  assert.deepEqual(rows(), ['kept']);
});
