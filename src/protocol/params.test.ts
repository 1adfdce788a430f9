import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiError } from '../errors/api-error.js';
import { decodeInto, type Params } from './params.js';

const limits = { maxParameters: 5, maxValueLength: 10 };
const decode = (encoded: string) => {
  const target: Params = Object.create(null);
  decodeInto(target, encoded, limits, { n: 0 });
  return { ...target };
};
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as ApiError).code;
  }
  return 'no error';
};

test('decodes percent-encoding and + as space, skips empty pairs', () => {
  assert.deepEqual(decode('a=1%202&b=x+y&&c&d='), { a: '1 2', b: 'x y', c: '', d: '' });
  assert.deepEqual(decode('T=%E6%BC%A2'), { T: '漢' });
  assert.deepEqual(decode(''), {});
});

test('refuses duplicates, bad encodings, too many parameters and long values', () => {
  assert.equal(
    code(() => decode('a=1&a=2')),
    'InvalidParameter.Duplicate',
  );
  assert.equal(
    code(() => decode('a=%G1')),
    'InvalidParameter.Encoding',
  );
  assert.equal(
    code(() => decode('a=%C3')),
    'InvalidParameter.Encoding',
  );
  assert.equal(
    code(() => decode('a=1&b=1&c=1&d=1&e=1&f=1')),
    'InvalidParameter.TooMany',
  );
  assert.equal(
    code(() => decode(`a=${'x'.repeat(11)}`)),
    'InvalidParameter.TooLong',
  );
  assert.equal(
    code(() => decode(`a=${'x'.repeat(10)}`)),
    'no error',
  );
  assert.equal(
    code(() => decode('a=x%00y')),
    'InvalidParameter',
  );
  assert.equal(
    code(() => decode('a%00=x')),
    'InvalidParameter',
  );
});

test('a name cannot pollute the prototype', () => {
  const target: Params = Object.create(null);
  decodeInto(target, '__proto__=x&constructor=y', limits, { n: 0 });
  // biome-ignore lint/suspicious/noProto: the point of the test is a parameter named __proto__.
  assert.equal(target['__proto__'], 'x');
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
});
