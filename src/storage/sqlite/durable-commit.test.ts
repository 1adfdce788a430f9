import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// fs.fdatasync is replaced before the store's modules load, so the store's import sees the stand-in.
const synced: string[] = [];
let release: (() => void) | undefined;
const realFdatasync = fs.fdatasync;
fs.fdatasync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
  synced.push(readlinkSync(`/proc/self/fd/${fd}`));
  release = () => realFdatasync(fd, callback);
}) as typeof fs.fdatasync;
syncBuiltinESMExports();
const { openSqliteStore } = await import('./index.js');

test('a SQLite file store answers a write only after fdatasync of its WAL file has returned', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-durable-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'canopy.db');
  let opened = false;
  const opening = openSqliteStore({ path, secret: 'a'.repeat(32) }).finally(() => {
    opened = true;
  });
  // Opening writes (migrations, the secret's check value) and waits for its syncs.
  while (!opened) {
    const pending = release;
    release = undefined;
    pending?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { store } = await opening;
  assert.ok(synced.length >= 1);
  assert.ok(synced.every((file) => file === `${path}-wal`));
  synced.length = 0;

  let answered = false;
  const write = store.setSetting('durable_test', 'x').then(() => {
    answered = true;
  });
  while (release === undefined) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(answered, false, 'the write was answered before its sync returned');
  release();
  await write;
  assert.equal(answered, true);
  assert.deepEqual(synced, [`${path}-wal`]);
  // A read after it needs no sync of its own.
  assert.equal(await store.getSetting('durable_test'), 'x');
  assert.equal(synced.length, 1);
  await store.close();
});
