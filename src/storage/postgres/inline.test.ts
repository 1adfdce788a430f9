import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inlined } from './inline.js';

test('placeholders become quoted literals; quoted text keeps its $n', () => {
  assert.equal(
    inlined(`INSERT INTO t (a, b, c, d) VALUES ($1, $2, $3, '$1 stays') -- "$2"`, ['x', 42, null]),
    `INSERT INTO t (a, b, c, d) VALUES ('x', '42', NULL, '$1 stays') -- "$2"`,
  );
  assert.equal(inlined('SELECT 1', []), 'SELECT 1');
  assert.equal(inlined('SELECT 1', undefined), 'SELECT 1');
});

test('two-digit placeholders are read whole', () => {
  const values = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);
  assert.equal(inlined('SELECT $1, $10, $11', values), "SELECT 'v1', 'v10', 'v11'");
});

test('quotes and backslashes are escaped, never closing the literal', () => {
  assert.equal(inlined('SELECT $1', ["it's"]), "SELECT 'it''s'");
  // pg's escapeLiteral writes a backslash as an E'' string, with a leading space.
  assert.equal(inlined('SELECT $1', ['a\\b']), "SELECT  E'a\\\\b'");
});

test('what cannot be written as a literal is left to a parameterised statement (undefined)', () => {
  assert.equal(inlined('SELECT $1', ['nul\0inside']), undefined);
  assert.equal(inlined('SELECT $1', [Buffer.from('x')]), undefined);
  assert.equal(inlined('SELECT $1, $2', ['only one']), undefined);
});
