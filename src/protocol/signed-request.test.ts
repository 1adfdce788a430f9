import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import * as openApiUtils from '@alicloud/openapi-core/dist/utils.js';
import { ApiError } from '../errors/api-error.js';
import { pct } from './percent-encoding.js';
import { EMPTY_BODY_SHA256 } from './signature-v3.js';
import { checkTimestamp, parseSignedRequest, type RpcRequest, readParams } from './signed-request.js';

// The official SDK's signer (CommonJS seen from ESM: one `default` deeper than its typings say).
const sdk = (openApiUtils as unknown as { default: { default: { getAuthorization(...args: unknown[]): string } } }).default.default;
const LIMITS = { maxParameters: 100, maxValueLength: 10_000 };
const FORM = 'application/x-www-form-urlencoded';

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return error instanceof ApiError ? error.code : String(error);
  }
};

/** Parses `request` as the pipeline does. */
function parse(request: RpcRequest) {
  const { params, query } = readParams(request, LIMITS);
  return parseSignedRequest(request, params, query);
}

/** A V3 request signed by the SDK over `query`, `signed` headers and `body`; `unsigned` headers are added after signing. */
function v3(
  query: Record<string, string>,
  signed: Record<string, string> = {},
  unsigned: Record<string, string> = {},
  body = Buffer.alloc(0),
): RpcRequest {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const headers: Record<string, string> = {
    host: '127.0.0.1:8080',
    'x-acs-action': 'GetResourceDirectory',
    'x-acs-version': '2020-03-31',
    'x-acs-date': '2026-11-29T17:50:46Z',
    'x-acs-signature-nonce': 'n-1',
    'x-acs-content-sha256': bodyHash,
    ...signed,
  };
  headers['authorization'] = sdk.getAuthorization(
    { pathname: '/', method: 'POST', query, headers },
    'ACS3-HMAC-SHA256',
    bodyHash,
    'AKID',
    'secret',
  );
  const rawQuery = Object.entries(query)
    .map(([key, value]) => `${pct(key)}=${pct(value)}`)
    .join('&');
  return { method: 'POST', rawQuery, headers: { ...headers, ...unsigned }, body };
}

test('V3: a query key the official Node SDK signs unencoded still verifies; a wrong secret does not', () => {
  const signed = parse(v3({ 'Odd Key*': 'v w', PageSize: '10' }));
  assert.equal(signed.mismatch('secret'), undefined);
  assert.match(signed.mismatch('other') ?? '', /^Specified signature does not match our calculation/);
});

test('V3: a content type needs signing only when a body comes with it', () => {
  assert.equal(parse(v3({}, {}, { 'content-type': FORM })).mismatch('secret'), undefined);
  // A body without a content type is not read as parameters: nothing unsigned comes in.
  assert.equal(
    codeOf(() => parse({ ...v3({}), body: Buffer.from('a') })),
    'ok',
  );
  const withBody = { ...v3({}, {}, { 'content-type': FORM }), body: Buffer.from('a') };
  assert.equal(
    codeOf(() => parse(withBody)),
    'IncompleteSignature',
  );
  // Signed, the content type and its form body are taken, and the body's parameters read.
  const signedForm = parse(v3({}, { 'content-type': FORM }, {}, Buffer.from('PageSize=10')));
  assert.equal(signedForm.mismatch('secret'), undefined);
  assert.equal(signedForm.params['PageSize'], '10');
});

test('V3: the signature covers the body, of one byte too; an empty body hashes as the constant', () => {
  assert.equal(createHash('sha256').update('').digest('hex'), EMPTY_BODY_SHA256);
  assert.equal(parse(v3({})).mismatch('secret'), undefined);
  const signedOverA = v3({}, {}, {}, Buffer.from('a'));
  assert.equal(parse(signedOverA).mismatch('secret'), undefined);
  assert.match(parse({ ...signedOverA, body: Buffer.from('b') }).mismatch('secret') ?? '', /^Specified signature does not match/);
});

test('a form body of one byte is read as parameters; another content type is not', () => {
  const form = { method: 'POST', rawQuery: 'Q=1', headers: { 'content-type': FORM }, body: Buffer.from('B') };
  assert.deepEqual({ ...readParams(form, LIMITS).params }, { Q: '1', B: '' });
  assert.deepEqual({ ...readParams({ ...form, headers: { 'content-type': 'text/plain' } }, LIMITS).params }, { Q: '1' });
});

test('a nonce of up to 256 characters is taken, a longer one refused, in V3 and in V1', () => {
  for (const [length, expected] of [
    [256, 'ok'],
    [257, 'InvalidParameter'],
  ] as const) {
    const nonce = 'n'.repeat(length);
    assert.equal(
      codeOf(() => parse(v3({}, { 'x-acs-signature-nonce': nonce }))),
      expected,
    );
    const v1 = new URLSearchParams({
      Action: 'GetResourceDirectory',
      Version: '2020-03-31',
      Signature: 's',
      AccessKeyId: 'AKID',
      SignatureNonce: nonce,
      Timestamp: '2026-11-29T17:50:46Z',
    }).toString();
    assert.equal(
      codeOf(() => parse({ method: 'GET', rawQuery: v1, headers: {}, body: Buffer.alloc(0) })),
      expected,
    );
  }
});

test('a timestamp exactly the window away from now is taken, a millisecond more is not', () => {
  const now = new Date('2026-11-29T18:00:00.000Z');
  for (const [timestamp, expected] of [
    ['2026-11-29T17:45:00Z', 'ok'],
    ['2026-11-29T18:15:00Z', 'ok'],
    ['2026-11-29T17:44:59.999Z', 'InvalidTimeStamp.Expired'],
    ['2026-11-29T18:15:00.001Z', 'InvalidTimeStamp.Expired'],
  ]) {
    assert.equal(
      codeOf(() => checkTimestamp(timestamp!, now, 900)),
      expected,
      timestamp,
    );
  }
});
