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

/** A table, and a durability whose syncs return only when the test releases them, in order. */
function controlledSync() {
  const db = new BetterSqlite3(':memory:');
  db.exec('CREATE TABLE t (v TEXT)');
  const syncs: (() => void)[] = [];
  const durability = {
    afterWrite: () => new Promise<void>((resolve) => syncs.push(resolve)),
    settled: () => Promise.resolve(),
    close: () => {},
  };
  return { db, syncs, durability };
}

test('answers wait for the commit to be durable, and the next batch runs meanwhile', async () => {
  const { db, syncs, durability } = controlledSync();
  const commit = new GroupCommit(db, { insert: (v: string) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v) }, durability);
  let answered = false;
  const first = commit
    .run(async (s) => s.insert('a'))
    .then(() => {
      answered = true;
    });
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(syncs.length, 1);
  assert.equal(answered, false, 'answered before the commit was durable');
  // The queue is not held by the pending sync: a second batch commits before the first is released.
  const second = commit.run(async (s) => s.insert('b'));
  while (syncs.length < 2) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(answered, false);
  assert.deepEqual(db.prepare('SELECT v FROM t ORDER BY v').pluck().all(), ['a', 'b']);
  for (const release of syncs) release();
  await Promise.all([first, second]);
  assert.equal(answered, true);
});

test('a batch that only reads asks for no sync of its own', async () => {
  const db = new BetterSqlite3(':memory:');
  db.exec('CREATE TABLE t (v TEXT)');
  const calls: string[] = [];
  const durability = {
    afterWrite: async () => void calls.push('write'),
    settled: async () => void calls.push('read'),
    close: () => {},
  };
  const commit = new GroupCommit(db, { count: () => db.prepare('SELECT count(*) FROM t').pluck().get() }, durability);
  assert.equal(await commit.run(async (s) => s.count()), 0);
  assert.deepEqual(calls, ['read']);
});

test('after-commit hooks run once their batch is durable; a failed piece, or a batch the engine threw away, runs none', async () => {
  const { db, syncs, durability } = controlledSync();
  const ran: string[] = [];
  type Stores = { write: (v: string) => void; engineRollsBack: () => void };
  const commit: GroupCommit<Stores> = new GroupCommit<Stores>(
    db,
    {
      // A write that asks for a hook, as the outbox does for a message it hands over.
      write: (v) => {
        db.prepare('INSERT INTO t (v) VALUES (?)').run(v);
        commit.afterCommit(() => ran.push(v));
      },
      engineRollsBack: () => {
        db.exec('ROLLBACK');
      },
    },
    durability,
  );
  const batch = Promise.allSettled([
    commit.run(async (s) => s.write('a')),
    commit.run(async (s) => {
      s.write('b');
      throw new Error('nope');
    }),
    commit.run(async (s) => s.write('c')),
  ]);
  while (syncs.length < 1) await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(ran, [], 'no hook before the commit is durable');
  syncs[0]!();
  await batch;
  assert.deepEqual(ran, ['a', 'c']);

  ran.length = 0;
  const thrownAway = Promise.allSettled([
    commit.run(async (s) => s.write('lost')),
    commit.run(async (s) => {
      s.write('also lost');
      s.engineRollsBack();
    }),
    commit.run(async (s) => s.write('kept')),
  ]);
  while (syncs.length < 2) await new Promise((resolve) => setImmediate(resolve));
  syncs[1]!();
  await thrownAway;
  assert.deepEqual(ran, ['kept']);
  assert.deepEqual(db.prepare('SELECT v FROM t ORDER BY v').pluck().all(), ['a', 'c', 'kept']);
});
