import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretBox } from './secret-box.js';

const ivOf = (sealed: string) => Buffer.from(sealed.slice('v1:'.length), 'base64').subarray(0, 12).toString('hex');

test('every seal opens to its value and has an IV of its own, across refills of the IV pool', () => {
  const box = new SecretBox('server secret', 'outbox contents');
  const values = Array.from({ length: 1_000 }, (_, index) => `code-${index}`);
  const sealed = values.map((value) => box.seal(value));
  assert.deepEqual(
    sealed.map((text) => box.open(text)),
    values,
  );
  assert.equal(new Set(sealed.map(ivOf)).size, values.length);
  // Two boxes of one secret draw their IVs apart too (two instances of one server, say).
  const other = new SecretBox('server secret', 'outbox contents');
  assert.equal(new Set([...sealed, ...values.map((value) => other.seal(value))].map(ivOf)).size, 2 * values.length);
});

test('a text sealed under another key or purpose does not open', () => {
  const sealed = new SecretBox('server secret', 'outbox contents').seal('123456');
  assert.throws(() => new SecretBox('another secret', 'outbox contents').open(sealed));
  assert.throws(() => new SecretBox('server secret', 'access-key secrets').open(sealed));
});
