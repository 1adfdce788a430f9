import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCallArgs } from './call-args.js';
import { CliError } from './exit.js';

test('own options are lower-case, parameters upper-case in any of the three forms, and every word after -- is a parameter', () => {
  const args = parseCallArgs([
    '--url',
    'http://h',
    'ListAccounts',
    'PageSize=1',
    '--IncludeTags',
    'true',
    '--QueryKeyword=a=b',
    '-o',
    'json',
    '--',
    '--PageNumber',
    '2',
  ]);
  assert.deepEqual(args, {
    action: 'ListAccounts',
    help: false,
    endpoint: 'http://h',
    apiVersion: undefined,
    output: 'json',
    params: { PageSize: '1', IncludeTags: 'true', QueryKeyword: 'a=b', PageNumber: '2' },
  });
  assert.equal(parseCallArgs(['GetAccount', '--endpoint=http://e', 'Tag.1.Key=env']).params['Tag.1.Key'], 'env');
  assert.equal(parseCallArgs(['ListAccounts', '-h']).help, true);
});

test('what the rule does not cover is refused', () => {
  for (const words of [
    ['ListAccounts', '--IncludeTags', '--PageSize', '2'],
    ['ListAccounts', '--IncludeTags'],
    ['ListAccounts', '--page-size', '2'],
    ['ListAccounts', 'pageSize=2'],
    ['ListAccounts', 'PageSize=1', 'PageSize=2'],
    ['ListAccounts', 'extra'],
    ['ListAccounts', '--url'],
    ['ListAccounts', '--', '--url', 'x'],
  ]) {
    assert.throws(
      () => parseCallArgs(words),
      (error) => error instanceof CliError && error.exitCode === 2,
      words.join(' '),
    );
  }
});
