import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalog, merge } from './catalog.js';

test('the catalog files merge into one lookup; a code defined in two files is refused', () => {
  assert.equal(catalog.InvalidParameter.status, 400);
  assert.equal(catalog['EntityNotExists.Folder'].status, 404);
  const one = { 'Same.Code': { status: 409, message: 'one' } } as const;
  const two = { 'Same.Code': { status: 400, message: 'two' } } as const;
  assert.throws(() => merge(one, two), /Same\.Code is defined twice/);
});
