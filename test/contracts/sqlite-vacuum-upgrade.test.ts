import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../src/storage/sqlite/index.js';
import type { Store } from '../../src/storage/store.js';
import { sqliteBefore } from './earlier-schema.js';

/** The release that brought migration 19 also brought incremental auto-vacuum: files before it have none. */
const BEFORE_INCREMENTAL_VACUUM = 19;
const SECRET = 'vacuum-upgrade-tests-server-secret-0123';
const KEY = 'LTAIvacuumUpgrade0001';
/** auto_vacuum as SQLite reports it. */
const NONE = 0;
const INCREMENTAL = 2;

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'canopy-vacuum-'));
  path = join(dir, 'canopy.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The file's own header and free list, read beside whoever has it open. */
function onDisk(): { autoVacuum: number; freePages: number; bytes: number } {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return {
      autoVacuum: db.pragma('auto_vacuum', { simple: true }) as number,
      freePages: db.pragma('freelist_count', { simple: true }) as number,
      bytes: (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number),
    };
  } finally {
    db.close();
  }
}

/** Writes `count` nonces whose window closed long ago, then has the retention store delete them all. */
async function writeAndPrune(store: Store, count: number): Promise<void> {
  await store.transaction(async (tx) => {
    for (let i = 0; i < count; i++) await tx.nonces.claim(KEY, `pruned-${i}-${'x'.repeat(60)}`, new Date(60_000), new Date(60_000)).value();
  });
  while ((await store.transaction((tx) => tx.retention.pruneNonces(new Date(3_600_000), 1000))) > 0) {}
}

const freePages = (store: Store) => store.transaction((tx) => tx.retention.reclaimSpace(0));

test('a SQLite file of a release before incremental auto-vacuum is rewritten once at open, and gives freed pages back from then on', async () => {
  // As an earlier release left it: no auto-vacuum, pages freed by deletes kept in the file.
  const old = sqliteBefore(BEFORE_INCREMENTAL_VACUUM, path);
  const keptUntil = Date.now() + 3_600_000;
  old.prepare("INSERT INTO nonces VALUES (?, 'kept', ?)").run(KEY, keptUntil);
  const insert = old.prepare('INSERT INTO nonces VALUES (?, ?, 0)');
  old.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(KEY, `deleted-${i}-${'x'.repeat(60)}`);
  })();
  old.exec("DELETE FROM nonces WHERE nonce <> 'kept'");
  old.close();
  const before = onDisk();
  assert.equal(before.autoVacuum, NONE);
  assert.ok(before.freePages > 50, `${before.freePages} free pages`);

  // The first open converts the file: the rewrite leaves no free page, and the data is all there.
  let store = (await openSqliteStore({ path, secret: SECRET })).store;
  try {
    const converted = onDisk();
    assert.equal(converted.autoVacuum, INCREMENTAL);
    assert.equal(converted.freePages, 0, 'VACUUM rewrote the file without its free pages');
    assert.ok(converted.bytes < before.bytes, `${before.bytes} -> ${converted.bytes} bytes`);
    // Its replay repeats its timestamp, which migration 021 takes as the expiry less the default window.
    const replay = (tx: Parameters<Parameters<Store['transaction']>[0]>[0]) =>
      tx.nonces.claim(KEY, 'kept', new Date(keptUntil - 15 * 60_000), new Date(keptUntil)).value();
    assert.equal(await store.transaction(replay), false, 'the nonce is still used');

    // From then on the retention job's reclaim gives the pages a prune frees back to the file system.
    await writeAndPrune(store, 3000);
    const freed = await freePages(store);
    assert.ok(freed > 50, `${freed} free pages after the prune`);
    const full = onDisk().bytes;
    assert.equal(await store.transaction((tx) => tx.retention.reclaimSpace(freed)), 0);
    const shrunk = onDisk().bytes;
    assert.ok(shrunk <= full - freed * 4096, `${full} -> ${shrunk} bytes`);

    // Pages freed and not yet given back stay free across a restart: a later open does not rewrite the file again.
    await writeAndPrune(store, 3000);
    const waiting = await freePages(store);
    assert.ok(waiting > 50, `${waiting} free pages before the restart`);
    await store.close();
    store = (await openSqliteStore({ path, secret: SECRET })).store;
    assert.equal(await freePages(store), waiting, 'no second VACUUM');
    assert.equal(onDisk().autoVacuum, INCREMENTAL);
    assert.equal(await store.transaction((tx) => tx.retention.reclaimSpace(waiting)), 0, 'and the incremental vacuum takes them');
  } finally {
    await store.close();
  }
});

test('a new SQLite file is incremental from its first open', async () => {
  const { store } = await openSqliteStore({ path, secret: SECRET });
  try {
    assert.equal(onDisk().autoVacuum, INCREMENTAL);
    await writeAndPrune(store, 2000);
    const freed = await freePages(store);
    assert.ok(freed > 20, `${freed} free pages`);
    assert.equal(await store.transaction((tx) => tx.retention.reclaimSpace(freed)), 0);
  } finally {
    await store.close();
  }
});
