import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, openSqliteStore } from './index.js';
import { SqliteWorker } from './sqlite-worker.js';

const PAGE = 4096;

/** A WAL database as the server opens it, with a table of rows about a page each. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-checkpointer-'));
  const path = join(dir, 'canopy.db');
  const db = openDatabase(path, 'written');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (randomblob(3000))');
  const write = (rows: number) => db.transaction(() => Array.from({ length: rows }, () => insert.run()))();
  return { dir, path, db, write, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The rows the database file holds by itself, without its WAL: what checkpoints have copied there.
 * -1 when the copy caught a checkpoint half-way (a torn file); the caller looks again.
 */
function rowsInFile(dir: string, path: string): number {
  const copy = join(dir, 'copy.db');
  copyFileSync(path, copy);
  const db = new BetterSqlite3(copy, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 't'").pluck().get() as number) === 0
      ? 0
      : (db.prepare('SELECT count(*) FROM t').pluck().get() as number);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CORRUPT') return -1;
    throw error;
  } finally {
    db.close();
    rmSync(copy, { force: true });
  }
}

const until = async (done: () => boolean, what: string) => {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** Runs `body` beside a started worker, with the server connection's own checkpoint at `autocheckpoint` pages (0: never). */
async function withWorker(intervalMs: number, autocheckpoint: number, body: (database: ReturnType<typeof setup>) => Promise<void>) {
  const database = setup();
  database.db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  const worker = new SqliteWorker(database.path, intervalMs, (error) => assert.fail(String(error)));
  worker.start();
  try {
    await body(database);
  } finally {
    await worker.stop();
    database.db.close();
    database.dispose();
  }
}

test("the worker copies committed pages into the database file; the server's connection never checkpoints", () =>
  withWorker(10, 0, async ({ dir, path, write }) => {
    write(50);
    await until(() => rowsInFile(dir, path) === 50, 'the 50 rows are in the database file');
    write(50);
    await until(() => rowsInFile(dir, path) === 100, 'the next 50 are too');
  }));

test("under steady writes the WAL is started over by the server's own checkpoint, so its file stays bounded", () =>
  withWorker(5, 100, async ({ path, write }) => {
    // About 4,000 pages in all, 20 each millisecond or so, while the worker checkpoints beside the
    // writes. Never started over, the WAL file would hold them all. While a checkpoint of the worker's
    // is under way (its fsyncs, slow on a busy machine) the WAL cannot start over and grows meanwhile:
    // hence a bound of a quarter of what was written, not of the server's threshold.
    const rounds = 200;
    for (let round = 0; round < rounds; round++) {
      write(20);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const walPages = statSync(`${path}-wal`).size / PAGE;
    assert.ok(walPages < (rounds * 20) / 4, `the WAL file holds ${walPages.toFixed(0)} pages`);
  }));

test("stop ends the worker's connection: the server's, closing last, takes the WAL away", async () => {
  const { path, db, write, dispose } = setup();
  const checkpointer = new SqliteWorker(path, 10, (error) => assert.fail(String(error)));
  checkpointer.start();
  try {
    write(10);
    await checkpointer.stop();
    db.close();
    assert.equal(existsSync(`${path}-wal`), false);
  } finally {
    dispose();
  }
});

test('a worker that cannot open the file reports it and ends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-checkpointer-'));
  try {
    // The worker is unreferenced (it never keeps a server alive): a timer keeps this test's process up.
    const alive = setInterval(() => {}, 1000);
    const failed = new Promise<unknown>((resolve) => new SqliteWorker(join(dir, 'missing.db'), 10, resolve).start());
    assert.match(((await failed) as { message?: string }).message ?? '', /^SQLITE_CANTOPEN: /);
    clearInterval(alive);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a file store's first write starts the worker: what it commits reaches the database file long before the server's own checkpoint", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-checkpointer-'));
  const path = join(dir, 'canopy.db');
  const { store } = await openSqliteStore({ path, secret: 'checkpointer-tests-secret-0123456789abcdef' });
  const settingInFile = () => {
    const copy = join(dir, 'copy.db');
    copyFileSync(path, copy);
    const db = new BetterSqlite3(copy, { readonly: true });
    try {
      return db.prepare("SELECT value FROM settings WHERE key = 'probe'").pluck().get();
    } catch (error) {
      // Torn by a checkpoint half-way, or the schema itself not copied yet.
      if (['SQLITE_CORRUPT', 'SQLITE_ERROR'].includes((error as { code?: string }).code ?? '')) return undefined;
      throw error;
    } finally {
      db.close();
      rmSync(copy, { force: true });
    }
  };
  try {
    await store.setSetting('probe', 'copied');
    await until(() => settingInFile() === 'copied', 'the setting is in the database file');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reads run in the worker beside the server, started if need be; a failed read rejects with its error', async () => {
  const { path, db, write, dispose } = setup();
  const worker = new SqliteWorker(path, 0, (error) => assert.fail(String(error)));
  try {
    write(3);
    assert.deepEqual(await worker.read('SELECT count(*) AS n FROM t'), [{ n: 3 }]);
    await assert.rejects(worker.read('SELECT x FROM nowhere'), /^Error: SQLITE_ERROR: no such table: nowhere$/);
    assert.deepEqual(await worker.read('SELECT count(*) AS n FROM t'), [{ n: 3 }], 'the worker goes on after a failed read');
  } finally {
    await worker.stop();
    db.close();
    dispose();
  }
  await assert.rejects(worker.read('SELECT 1'), /stopped/);
});
