import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommitOutcomeUnknown, StoreUnavailable } from './store.js';

test("a store failure keeps the engine's error as its cause, for the log, and has none when there was none", () => {
  const engine = new Error('connection terminated unexpectedly');
  for (const Failure of [StoreUnavailable, CommitOutcomeUnknown]) {
    const failure = new Failure('the store is unavailable', engine);
    assert.equal(failure.cause, engine);
    assert.equal(failure instanceof StoreUnavailable, true);
    assert.equal(failure.code, 'STORE_UNAVAILABLE');
    assert.equal(Object.hasOwn(new Failure('the store is unavailable'), 'cause'), false);
  }
  assert.deepEqual([new StoreUnavailable('x').name, new CommitOutcomeUnknown('x').name], ['StoreUnavailable', 'CommitOutcomeUnknown']);
});
