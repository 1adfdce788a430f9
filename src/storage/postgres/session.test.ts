import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rebind } from './session.js';

test('? placeholders become $1..$n in text order', () => {
  assert.equal(rebind('SELECT * FROM t WHERE a = ? AND b IN (?, ?) LIMIT ?'), 'SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4');
});

test('a ? inside a quoted literal or identifier stays as it is', () => {
  assert.equal(rebind(`SELECT '?', "a?b", 'it''s ?' FROM t WHERE x = ?`), `SELECT '?', "a?b", 'it''s ?' FROM t WHERE x = $1`);
});
