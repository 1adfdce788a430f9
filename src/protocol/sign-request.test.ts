import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signV3 } from './sign-request.js';

const call = {
  host: 'resourcemanager.aliyuncs.com',
  action: 'GetResourceDirectory',
  version: '2020-03-31',
  params: {},
  accessKeyId: 'LTAI0000000000000000',
  accessKeySecret: 'secret',
};

test('each signed request gets a fresh nonce of 128 random bits (32 hex digits), unless one is given', () => {
  const nonces = Array.from({ length: 20 }, () => signV3(call).headers['x-acs-signature-nonce']);
  for (const nonce of nonces) assert.match(nonce ?? '', /^[0-9a-f]{32}$/);
  assert.equal(new Set(nonces).size, nonces.length);
  assert.equal(signV3({ ...call, nonce: 'given' }).headers['x-acs-signature-nonce'], 'given');
});

test('the parameters go in the query, in order and percent-encoded; none, no query', () => {
  assert.equal(signV3({ ...call, params: { b: '2 3', a: '*' } }).path, '/?a=%2A&b=2%203');
  assert.equal(signV3(call).path, '/');
});
