import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../errors/api-error.js';
import { indexedObjects, indexedValues } from './indexed-params.js';

const refused = (name: string) => (error: unknown) =>
  error instanceof ApiError && error.code === 'InvalidParameter' && error.message.includes(`"${name}"`);

test('objects are grouped by N, in N order, with the fields that were given', () => {
  const params = { 'Tag.2.Key': 'b', 'Tag.10.Key': 'c', 'Tag.1.Value': 'v1', 'Tag.1.Key': 'a', Other: 'x', 'Tag.3.Other': 'ignored' };
  assert.deepEqual(indexedObjects(params, 'Tag', ['Key', 'Value'], 20), [
    { index: 1, name: 'Tag.1', value: { Value: 'v1', Key: 'a' } },
    { index: 2, name: 'Tag.2', value: { Key: 'b' } },
    { index: 10, name: 'Tag.10', value: { Key: 'c' } },
  ]);
});

test('values are read in N order', () => {
  const params = { 'ResourceId.3': 'c', 'ResourceId.1': 'a', ResourceId: 'not indexed', 'ResourceId.2.Key': 'not a value' };
  assert.deepEqual(
    indexedValues(params, 'ResourceId', 5).map((e) => [e.index, e.value]),
    [
      [1, 'a'],
      [3, 'c'],
    ],
  );
});

test('N is a decimal from 1 without leading zeros; anything else is InvalidParameter naming the parameter', () => {
  assert.throws(() => indexedObjects({ 'Tag.0.Key': 'a' }, 'Tag', ['Key'], 20), refused('Tag.0.Key'));
  assert.throws(() => indexedObjects({ 'Tag.01.Key': 'a' }, 'Tag', ['Key'], 20), refused('Tag.01.Key'));
  assert.throws(() => indexedValues({ 'ResourceId.007': 'a' }, 'ResourceId', 5), refused('ResourceId.007'));
});

test('more distinct N than allowed is InvalidParameter naming the prefix', () => {
  const params = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`ResourceId.${i + 1}`, `r${i}`]));
  assert.equal(indexedValues(params, 'ResourceId', 4).length, 4);
  assert.throws(() => indexedValues(params, 'ResourceId', 3), refused('ResourceId'));
});

test('a prefix is matched literally', () => {
  assert.deepEqual(
    indexedValues({ 'AxB.1': 'no', 'A.B.1': 'yes' }, 'A.B', 5).map((e) => e.value),
    ['yes'],
  );
});
