import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadNonces } from './read-nonces.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

test('a read nonce is taken once per AccessKey while its window is open, then forgotten', () => {
  const nonces = new ReadNonces();
  assert.equal(nonces.claim('key-a', 'n1', at(900), at(0)), 'claimed');
  assert.equal(nonces.claim('key-a', 'n1', at(900), at(10)), 'used');
  assert.equal(nonces.used('key-a', 'n1', at(10)), true);
  // Another AccessKey may use the same nonce.
  assert.equal(nonces.claim('key-b', 'n1', at(900), at(10)), 'claimed');
  assert.equal(nonces.used('key-a', 'n1', at(901)), false);
  assert.equal(nonces.claim('key-a', 'n1', at(1800), at(901)), 'claimed');
});

test('a released nonce (its request failed in the store) may be used again', () => {
  const nonces = new ReadNonces();
  assert.equal(nonces.claim('key', 'n', at(900), at(0)), 'claimed');
  nonces.release('key', 'n');
  assert.equal(nonces.claim('key', 'n', at(900), at(1)), 'claimed');
});

test('full of nonces still in their window: the caller is told to keep the nonce in the store', () => {
  const nonces = new ReadNonces(2);
  assert.equal(nonces.claim('key', 'n1', at(900), at(0)), 'claimed');
  assert.equal(nonces.claim('key', 'n2', at(100), at(0)), 'claimed');
  assert.equal(nonces.claim('key', 'n3', at(900), at(1)), 'full');
  // A replay is still told apart when full.
  assert.equal(nonces.claim('key', 'n1', at(900), at(1)), 'used');
  // Expired ones make room, but only from the oldest on, and never one still in its window.
  assert.equal(nonces.claim('key', 'n3', at(1000), at(200)), 'full');
  assert.equal(nonces.claim('key', 'n3', at(1000), at(901)), 'claimed');
  assert.equal(nonces.size, 1);
});

test('a nonce is still used at the very instant its window ends, and a claim then prunes only what ended before', () => {
  const nonces = new ReadNonces();
  assert.equal(nonces.claim('key', 'ends', at(900), at(0)), 'claimed');
  // Another claim at 900 prunes ended nonces; this one ends at 900, so it stays.
  assert.equal(nonces.claim('key', 'other', at(1800), at(900)), 'claimed');
  assert.equal(nonces.used('key', 'ends', at(900)), true);
  assert.equal(nonces.claim('key', 'ends', at(1800), at(900)), 'used');
  assert.equal(nonces.size, 2);
  assert.equal(nonces.claim('key', 'ends', at(1800), at(901)), 'claimed', 'a second later it is free');
});

test('a claim drops at most two expired nonces, the oldest first, so that its cost stays small; all of them when full', () => {
  const nonces = new ReadNonces(10);
  for (const n of ['n1', 'n2', 'n3', 'n4', 'n5']) assert.equal(nonces.claim('key', n, at(100), at(0)), 'claimed');
  assert.equal(nonces.claim('key', 'a', at(1000), at(200)), 'claimed');
  assert.equal(nonces.size, 4, 'n1 and n2 dropped, n3 to n5 left for later claims');
  assert.equal(nonces.claim('key', 'b', at(1000), at(200)), 'claimed');
  assert.equal(nonces.size, 3, 'n3 and n4 dropped');
  const full = new ReadNonces(5);
  for (const n of ['n1', 'n2', 'n3', 'n4', 'n5']) assert.equal(full.claim('key', n, at(100), at(0)), 'claimed');
  assert.equal(full.claim('key', 'a', at(1000), at(200)), 'claimed');
  assert.equal(full.size, 1, 'full: every expired nonce dropped at once');
});
