import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clauseHolds } from './conditions.js';

test('a clause whose operator is not one of RAM’s holds for nothing, whatever the values', () => {
  // Parsing refuses such a document; evaluation must not read an unknown name as "true" either.
  for (const operator of ['StringEqualz', 'NotStringEquals', 'stringequals', ''])
    for (const request of [['a'], [], undefined]) assert.equal(clauseHolds(operator, ['a'], request), false, `${operator} ${request}`);
  assert.equal(clauseHolds('StringEquals', ['a'], ['a']), true);
  assert.equal(clauseHolds('StringNotEquals', ['a'], undefined), true);
});
