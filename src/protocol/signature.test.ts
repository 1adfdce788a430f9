import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as openApiUtils from '@alicloud/openapi-core/dist/utils.js';
import { v1Sign, v1StringToSign } from './signature-v1.js';
import {
  EMPTY_BODY_SHA256,
  parseV3Authorization,
  v3AuthorizationHeader,
  v3CanonicalRequest,
  v3Sign,
  v3StringToSign,
} from './signature-v3.js';
import { sha256Hex } from './signature-v3.js';

// The SDK's own signers, so our verifier is checked against what real clients compute.
// (CommonJS seen from ESM: the class sits one `default` deeper than its typings say.)
interface SdkSigners {
  getRPCSignature(params: Record<string, string>, method: string, secret: string): string;
  getAuthorization(request: unknown, algorithm: string, payloadHash: string, accessKeyId: string, secret: string): string;
}
const sdk = (openApiUtils as unknown as { default: { default: SdkSigners } }).default.default;

const v1Vector = {
  Action: 'SendVerificationCodeForEnableRD',
  Format: 'json',
  Version: '2020-03-31',
  Timestamp: '2024-01-01T00:00:00Z',
  SignatureNonce: '0123456789abcdef0123456789abcdef',
  SecureMobilePhone: '1-5551234567',
  SignatureMethod: 'HMAC-SHA1',
  SignatureVersion: '1.0',
  AccessKeyId: 'testid',
};

test('V1 signature matches the spec vectors (POST and GET)', () => {
  assert.equal(v1Sign(v1StringToSign('POST', v1Vector), 'testsecret'), 'xQOoRmAMditnomvFSOH8gCk2UUY=');
  assert.equal(v1Sign(v1StringToSign('GET', v1Vector), 'testsecret'), 'fytCbpfKeGrzkxSui2JJSpsTHbs=');
});

test("V1 signature matches the SDK's own signer on awkward values", () => {
  const params = { ...v1Vector, DisplayName: "Dev acc!*()' ~ é 漢字", Note: 'a+b=c&d%e/f' };
  for (const method of ['GET', 'POST']) {
    assert.equal(v1Sign(v1StringToSign(method, params), 's3cr3t'), sdk.getRPCSignature(params, method, 's3cr3t'));
  }
});

test('V3 signature matches the spec vector', () => {
  const signedHeaders = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'];
  const canonical = v3CanonicalRequest({
    method: 'POST',
    path: '/',
    query: { SecureMobilePhone: '1-5551234567' },
    headers: {
      host: 'resourcemanager.aliyuncs.com',
      'x-acs-action': 'SendVerificationCodeForEnableRD',
      'x-acs-content-sha256': EMPTY_BODY_SHA256,
      'x-acs-date': '2024-01-01T00:00:00Z',
      'x-acs-signature-nonce': '0123456789abcdef0123456789abcdef',
      'x-acs-version': '2020-03-31',
    },
    signedHeaders,
    payloadHash: EMPTY_BODY_SHA256,
  });
  assert.equal(sha256Hex(canonical), 'a2f90ebbed097d2c4f2785dbbe4d9df58d84fe21fc29e95f664eccab43f75507');
  const signature = v3Sign(v3StringToSign(canonical), 'testsecret');
  assert.equal(
    v3AuthorizationHeader('testid', signedHeaders, signature),
    'ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=86dd9d8da3756b8463a8999f6aef0b8811920a165097d712efc059c959073647',
  );
});

test("V3 signature matches the SDK's own signer, including awkward values and a body", () => {
  const body = 'Note=hello%20world';
  const headers = {
    host: '127.0.0.1:8080',
    'x-acs-action': 'CreateResourceAccount',
    'x-acs-version': '2020-03-31',
    'x-acs-date': '2026-11-29T17:50:46Z',
    'x-acs-signature-nonce': 'abc',
    'x-acs-content-sha256': sha256Hex(body),
    'content-type': 'application/x-www-form-urlencoded',
  };
  const query = { DisplayName: "Dev acc!*()' é", 'Tag.1.Key': 'k', 'Tag.1.Value': '' };
  const expected = sdk.getAuthorization(
    { pathname: '/', method: 'POST', query, headers },
    'ACS3-HMAC-SHA256',
    sha256Hex(body),
    'AKID',
    'secret',
  );
  const parsed = parseV3Authorization(expected);
  assert.ok(parsed);
  const canonical = v3CanonicalRequest({
    method: 'POST',
    path: '/',
    query,
    headers,
    signedHeaders: parsed.signedHeaders,
    payloadHash: sha256Hex(body),
  });
  assert.equal(v3Sign(v3StringToSign(canonical), 'secret'), parsed.signature);
  assert.equal(parsed.accessKeyId, 'AKID');
});

test('V3 Authorization parsing refuses malformed headers', () => {
  assert.equal(parseV3Authorization('ACS3-HMAC-SHA256 Credential=a'), undefined);
  assert.equal(parseV3Authorization('Bearer xyz'), undefined);
  assert.equal(parseV3Authorization(''), undefined);
});

test('V3 query keys: percent-encoded by default, as documented; left as they are on request, as the official Node SDK signs them', () => {
  const headers = { host: 'h', 'x-acs-date': '2026-11-29T17:50:46Z' };
  const query = { 'Odd Key*': 'v w' };
  const request = { method: 'POST', path: '/', query, headers, signedHeaders: ['host', 'x-acs-date'], payloadHash: EMPTY_BODY_SHA256 };
  assert.equal(v3CanonicalRequest(request).split('\n')[2], 'Odd%20Key%2A=v%20w');
  assert.equal(v3CanonicalRequest(request, false).split('\n')[2], 'Odd Key*=v%20w');
  const sdkSigned = parseV3Authorization(
    sdk.getAuthorization({ pathname: '/', method: 'POST', query, headers }, 'ACS3-HMAC-SHA256', EMPTY_BODY_SHA256, 'AKID', 'secret'),
  );
  assert.equal(v3Sign(v3StringToSign(v3CanonicalRequest(request, false)), 'secret'), sdkSigned?.signature);
});
