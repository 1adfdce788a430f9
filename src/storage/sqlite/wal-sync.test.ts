import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncFailed, WalSync } from './wal-sync.js';

/** A sync the test finishes by hand, counting how many were started. */
function controlledSync() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const sync = () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  return { sync, pending };
}

/** Lets every promise callback that can run, run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function watch(promise: Promise<void>) {
  const state = { done: false, error: undefined as unknown };
  promise.then(
    () => {
      state.done = true;
    },
    (error) => {
      state.error = error;
    },
  );
  return state;
}

test('a write is released only once the sync that covers it has finished', async () => {
  const { sync, pending } = controlledSync();
  const wal = new WalSync(sync);
  const write = watch(wal.afterWrite());
  await settle();
  assert.equal(pending.length, 1);
  assert.equal(write.done, false);
  pending[0]!.resolve();
  await settle();
  assert.equal(write.done, true);
});

test('writes committed while a sync runs share the next one', async () => {
  const { sync, pending } = controlledSync();
  const wal = new WalSync(sync);
  const first = watch(wal.afterWrite());
  await settle();
  const second = watch(wal.afterWrite());
  const third = watch(wal.afterWrite());
  await settle();
  assert.equal(pending.length, 1, 'a second sync must wait for the first');
  pending[0]!.resolve();
  await settle();
  assert.deepEqual([first.done, second.done, third.done], [true, false, false]);
  assert.equal(pending.length, 2);
  pending[1]!.resolve();
  await settle();
  assert.deepEqual([second.done, third.done], [true, true]);
  assert.equal(pending.length, 2, 'two syncs for three writes');
});

test('a read waits for the writes before it to be on disk, and for nothing when all are', async () => {
  const { sync, pending } = controlledSync();
  const wal = new WalSync(sync);
  const idle = watch(wal.settled());
  await settle();
  assert.equal(idle.done, true);
  assert.equal(pending.length, 0, 'a read alone never syncs');
  void wal.afterWrite();
  const read = watch(wal.settled());
  await settle();
  assert.equal(read.done, false);
  pending[0]!.resolve();
  await settle();
  assert.equal(read.done, true);
});

test('after a failed sync every wait fails, even once a later sync would succeed', async () => {
  const { sync, pending } = controlledSync();
  const wal = new WalSync(sync);
  const write = watch(wal.afterWrite());
  await settle();
  pending[0]!.reject(Object.assign(new Error('EIO'), { code: 'EIO' }));
  await settle();
  assert.ok(write.error instanceof SyncFailed);
  assert.equal((write.error as SyncFailed).code, 'STORE_UNAVAILABLE');
  const later = watch(wal.afterWrite());
  const read = watch(wal.settled());
  await settle();
  assert.ok(later.error instanceof SyncFailed);
  assert.ok(read.error instanceof SyncFailed);
  assert.equal(pending.length, 1, 'no sync is tried after a failure');
});
