import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wildcardMatch } from './wildcard.js';

const cases: [pattern: string, text: string, ignoreCase: boolean, expected: boolean][] = [
  ['*', '', false, true],
  ['', '', false, true],
  ['', 'a', false, false],
  ['a*', 'a', false, true],
  ['*a', 'ba', false, true],
  ['*a', 'ab', false, false],
  ['a**b', 'axxb', false, true],
  ['a?c', 'abc', false, true],
  ['a?c', 'ac', false, false],
  ['a*b*c', 'aXbYbZc', false, true],
  ['a*b*c', 'aXbYbZ', false, false],
  ['ecs:Describe*', 'ECS:describeinstances', true, true],
  ['ecs:Describe*', 'ECS:describeinstances', false, false],
  ['acs:oss:*:*:bucket/*', 'acs:oss:cn-hangzhou:1:bucket/dir/x', false, true],
];

for (const [pattern, text, ignoreCase, expected] of cases) {
  const verb = expected ? 'matches' : 'does not match';
  test(`wildcard ${JSON.stringify(pattern)} ${verb} ${JSON.stringify(text)}${ignoreCase ? ' ignoring case' : ''}`, () => {
    assert.equal(wildcardMatch(pattern, text, ignoreCase), expected);
  });
}
