import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiError } from '../errors/api-error.js';
import { decodeInto, type Params, refuseNonXmlCharacters } from './params.js';

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
});

test('the policy document parameters may be four times as long: their Actions answer their documented limit', () => {
  for (const name of ['PolicyDocument', 'NewPolicyDocument']) {
    assert.equal(
      code(() => decode(`${name}=${'x'.repeat(40)}`)),
      'no error',
    );
    assert.equal(
      code(() => decode(`${name}=${'x'.repeat(41)}`)),
      'InvalidParameter.TooLong',
    );
  }
  assert.equal(
    code(() => decode(`Document=${'x'.repeat(11)}`)),
    'InvalidParameter.TooLong',
  );
});

test('a name cannot pollute the prototype', () => {
  const target: Params = Object.create(null);
  decodeInto(target, '__proto__=x&constructor=y', limits, { n: 0 });
  // biome-ignore lint/suspicious/noProto: the point of the test is a parameter named __proto__.
  assert.equal(target['__proto__'], 'x');
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
});

test('refuses names and values holding characters XML 1.0 cannot carry, naming the parameter', () => {
  const refused = (params: Params) => {
    try {
      refuseNonXmlCharacters(params);
    } catch (error) {
      return `${(error as ApiError).code} ${(error as ApiError).message}`;
    }
    return 'no error';
  };
  for (const c of ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u000E', '\u001F', '\uFFFE', '\uFFFF', '\uD800', '\uDC00']) {
    assert.equal(refused({ Ok: 'x', Note: `a${c}b` }), 'InvalidParameter The specified parameter "Note" is not valid.', JSON.stringify(c));
    assert.equal(refused({ [`N${c}`]: 'x' }), 'InvalidParameter The specified parameter "N?" is not valid.', JSON.stringify(c));
  }
  // Tab, LF, CR, DEL, C1 controls, U+FFFD and a surrogate pair are characters XML carries.
  assert.equal(refused({ Note: 'a\tb\nc\rd\u007F\u0085\uFFFD\uD83D\uDE00' }), 'no error');
  assert.equal(
    code(() => decode('a=x%00y&b%01=z')),
    'no error',
    'decoding leaves the characters to the check that knows the Format',
  );
});

test('a parameter name echoed in an error is cut after 64 characters, its unprintable characters shown as ?', () => {
  const args = (encoded: string) => {
    try {
      decode(encoded);
    } catch (error) {
      return (error as ApiError).args;
    }
    return undefined;
  };
  const name64 = 'n'.repeat(64);
  assert.deepEqual(args(`${name64}=1&${name64}=2`), [name64]);
  assert.deepEqual(args(`${name64}x=1&${name64}x=2`), [`${name64}...`]);
  assert.deepEqual(args('a%0Ab=1&a%0Ab=2'), ['a?b']);
});
