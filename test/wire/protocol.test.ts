import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ResourceManager from '@alicloud/resourcemanager20200331';
import { signV3 } from '../../src/protocol/sign-request.js';
import { v1Sign, v1StringToSign } from '../../src/protocol/signature-v1.js';
import {
  REQUEST_ID,
  expectApiError,
  models,
  popClient,
  sdkClient,
  startServer,
  type Harness,
  type TestAccount,
} from '../helpers/harness.js';

const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
let nonceCounter = 0;

/** A V1 parameter set signed for `method`, with overrides applied before signing. */
function v1Params(account: TestAccount, method: string, extra: Record<string, string> = {}, at = new Date()) {
  const params: Record<string, string> = {
    Action: 'GetResourceDirectory',
    Version: '2020-03-31',
    Format: 'JSON',
    AccessKeyId: account.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: `n-${process.pid}-${++nonceCounter}-${Date.now()}`,
    Timestamp: isoSeconds(at),
    ...extra,
  };
  params['Signature'] = v1Sign(v1StringToSign(method, params), account.accessKeySecret);
  return params;
}

describe('gateway checks: every bad request gets its documented 4xx', () => {
  let harness: Harness;
  let account: TestAccount;
  before(async () => {
    harness = await startServer();
    account = await harness.createAccount();
  });
  after(() => harness.close());

  async function raw(path: string, init: RequestInit = {}) {
    const response = await fetch(`${harness.url}${path}`, init);
    const text = await response.text();
    const body = JSON.parse(text);
    assert.equal(response.headers.get('content-type'), 'application/json;charset=utf-8');
    assert.match(body.RequestId, REQUEST_ID);
    assert.equal(response.headers.get('x-acs-request-id'), body.RequestId);
    return { status: response.status, body };
  }
  const expectRaw = async (path: string, init: RequestInit, status: number, code: string) => {
    const response = await raw(path, init);
    assert.equal(response.body.Code, code, response.body.Message);
    assert.equal(response.status, status);
    assert.equal(response.body.HostId, 'resourcemanager.aliyuncs.com');
    assert.ok(response.body.Recommend.includes(code));
    return response.body;
  };
  const v3 = (action: string, params: Record<string, string> = {}, keys: TestAccount = account, now?: Date) =>
    signV3({
      host: `127.0.0.1:${harness.port}`,
      action,
      version: '2020-03-31',
      params,
      accessKeyId: keys.accessKeyId,
      accessKeySecret: keys.accessKeySecret,
      now,
    });

  test('wrong secret: 400 SignatureDoesNotMatch through all three clients', async () => {
    const wrong = { ...account, accessKeySecret: 'x'.repeat(30) };
    await expectApiError(() => sdkClient(harness, wrong).getResourceDirectory(), 400, 'SignatureDoesNotMatch');
    await expectApiError(() => sdkClient(harness, wrong, 'V1').getResourceDirectory(), 400, 'SignatureDoesNotMatch');
    await expectApiError(() => popClient(harness, wrong, 'GET').request('GetResourceDirectory'), 400, 'SignatureDoesNotMatch');
  });

  test('unknown AccessKeyId: 404 InvalidAccessKeyId.NotFound', async () => {
    const unknown = { ...account, accessKeyId: 'LTAI00000000000000000000' };
    await expectApiError(() => sdkClient(harness, unknown).getResourceDirectory(), 404, 'InvalidAccessKeyId.NotFound');
    await expectApiError(() => popClient(harness, unknown, 'POST').request('GetResourceDirectory'), 404, 'InvalidAccessKeyId.NotFound');
  });

  test('STS security tokens are refused with 400 InvalidSecurityToken.NotSupported', async () => {
    const client = new ResourceManager.default({
      accessKeyId: account.accessKeyId,
      accessKeySecret: account.accessKeySecret,
      securityToken: 'sts-token',
      endpoint: `127.0.0.1:${harness.port}`,
      protocol: 'HTTP',
    } as never);
    await expectApiError(() => client.getResourceDirectory(), 400, 'InvalidSecurityToken.NotSupported');
    await expectRaw(
      `/?${new URLSearchParams(v1Params(account, 'GET', { SecurityToken: 't' }))}`,
      {},
      400,
      'InvalidSecurityToken.NotSupported',
    );
    // A bearer token, named by SignatureType alone, is refused the same way.
    await expectRaw(
      `/?${new URLSearchParams(v1Params(account, 'GET', { SignatureType: 'BEARERTOKEN' }))}`,
      {},
      400,
      'InvalidSecurityToken.NotSupported',
    );
  });

  test('stale, future and malformed timestamps', async () => {
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    for (const at of [minutes(-16), minutes(16)]) {
      await expectRaw(`/?${new URLSearchParams(v1Params(account, 'GET', {}, at))}`, {}, 400, 'InvalidTimeStamp.Expired');
      const { path, headers } = v3('GetResourceDirectory', {}, account, at);
      await expectRaw(path, { method: 'POST', headers }, 400, 'InvalidTimeStamp.Expired');
    }
    await expectRaw(
      `/?${new URLSearchParams(v1Params(account, 'GET', { Timestamp: '2026-13-45 10:00' }))}`,
      {},
      400,
      'InvalidTimeStamp.Format',
    );
    // Within the window either side is fine.
    const ok = await raw(`/?${new URLSearchParams(v1Params(account, 'GET', {}, minutes(-14)))}`);
    assert.equal(ok.body.Code, 'ResourceDirectoryNotInUse');
  });

  test('a reused nonce is refused, V1 and V3, even when the first use failed in the action', async () => {
    const query = `/?${new URLSearchParams(v1Params(account, 'GET'))}`;
    assert.equal((await raw(query)).body.Code, 'ResourceDirectoryNotInUse');
    await expectRaw(query, {}, 400, 'SignatureNonceUsed');
    const { path, headers } = v3('GetResourceDirectory');
    await raw(path, { method: 'POST', headers });
    await expectRaw(path, { method: 'POST', headers }, 400, 'SignatureNonceUsed');
  });

  test('a write replayed after the nonces were pruned, still inside its window: 400 SignatureNonceUsed (past and future timestamps)', async () => {
    const windowMs = harness.canopy.config.limits.timestampWindowSeconds * 1000;
    // The window ends at the later of arrival and timestamp, plus the window; the prune runs a minute before that end.
    for (const offsetMs of [-2 * 60_000, 10 * 60_000]) {
      const at = new Date(Date.now() + offsetMs);
      const query = `/?${new URLSearchParams(v1Params(account, 'GET', { Action: 'DestroyResourceDirectory' }, at))}`;
      const first = await raw(query);
      assert.equal(first.body.Code, 'EntityNotExists.ResourceDirectory', 'the write was refused by the Action, which keeps its nonce');
      const windowEnd = Math.max(Date.now(), at.getTime()) + windowMs;
      await harness.canopy.store.transaction((tx) => tx.retention.pruneNonces(new Date(windowEnd - 60_000), 1000));
      await expectRaw(query, {}, 400, 'SignatureNonceUsed');
    }
  });

  test('V3 with an empty body: an unsigned Content-Type is harmless (nothing is read as parameters)', async () => {
    const { path, headers } = v3('GetResourceDirectory');
    const answer = await raw(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(answer.body.Code, 'ResourceDirectoryNotInUse');
    assert.equal(answer.status, 404);
  });

  test('a parameter changed after signing: 400 SignatureDoesNotMatch (V1 query, V1 form, V3 query, V3 body)', async () => {
    const params = v1Params(account, 'GET', { Action: 'SendVerificationCodeForEnableRD', SecureMobilePhone: '1-2025550123' });
    await expectRaw(`/?${new URLSearchParams({ ...params, SecureMobilePhone: '1-2025550124' })}`, {}, 400, 'SignatureDoesNotMatch');
    const form = v1Params(account, 'POST', { Action: 'SendVerificationCodeForEnableRD', SecureMobilePhone: '1-2025550123' });
    await expectRaw(
      '/',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, SecureMobilePhone: '1-2025550124' }).toString(),
      },
      400,
      'SignatureDoesNotMatch',
    );
    const signed = v3('SendVerificationCodeForEnableRD', { SecureMobilePhone: '1-2025550123' });
    await expectRaw(
      signed.path.replace('2025550123', '2025550124'),
      { method: 'POST', headers: signed.headers },
      400,
      'SignatureDoesNotMatch',
    );
    const withBody = v3('GetResourceDirectory');
    // A body (without a content type, so it is not read as parameters) that the signature did not cover.
    await expectRaw(
      withBody.path,
      { method: 'POST', headers: withBody.headers, body: new TextEncoder().encode('RegionId=cn-hangzhou') },
      400,
      'SignatureDoesNotMatch',
    );
  });

  test('the echoed string-to-sign never contains a verification code', async () => {
    const params = v1Params(account, 'GET', {
      Action: 'EnableResourceDirectory',
      EnableMode: 'NewManagementAccount',
      VerificationCode: '918273',
    });
    const body = await expectRaw(`/?${new URLSearchParams({ ...params, EnableMode: 'CurrentAccount' })}`, {}, 400, 'SignatureDoesNotMatch');
    assert.match(body.Message, /^Specified signature is not matched with our calculation\. server string to sign is:GET&%2F&/);
    assert.doesNotMatch(body.Message, /918273/);
  });

  test('missing or incomplete signatures', async () => {
    const params = v1Params(account, 'GET');
    delete params['Signature'];
    const body = await expectRaw(`/?${new URLSearchParams(params)}`, {}, 400, 'MissingParameter');
    assert.match(body.Message, /"Signature"/);
    const signed = v3('GetResourceDirectory');
    await expectRaw(
      signed.path,
      { method: 'POST', headers: { ...signed.headers, authorization: 'ACS3-HMAC-SHA256 garbage' } },
      400,
      'IncompleteSignature',
    );
    await expectRaw(
      signed.path,
      {
        method: 'POST',
        headers: { ...signed.headers, authorization: signed.headers['authorization']!.replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3') },
      },
      400,
      'IncompleteSignature',
    );
    const unsigned = signed.headers['authorization']!.replace('x-acs-signature-nonce;', '');
    await expectRaw(signed.path, { method: 'POST', headers: { ...signed.headers, authorization: unsigned } }, 400, 'IncompleteSignature');
    const noDate: Record<string, string> = { ...v3('GetResourceDirectory').headers };
    delete noDate['x-acs-date'];
    await expectRaw('/', { method: 'POST', headers: noDate }, 400, 'MissingParameter');
  });

  test('wrong Version: 400 InvalidVersion; unknown Action or route: 404 InvalidAction.NotFound', async () => {
    await expectRaw(`/?${new URLSearchParams(v1Params(account, 'GET', { Version: '2016-11-11' }))}`, {}, 400, 'InvalidVersion');
    const { path, headers } = v3('GetResourceDirectory');
    await expectRaw(path, { method: 'POST', headers: { ...headers, 'x-acs-version': '2019-01-01' } }, 400, 'InvalidVersion');
    await expectRaw(`/?${new URLSearchParams(v1Params(account, 'GET', { Action: 'ListEverything' }))}`, {}, 404, 'InvalidAction.NotFound');
    await expectApiError(() => popClient(harness, account, 'POST').request('CreateCloudAccount'), 404, 'InvalidAction.NotFound');
    await expectRaw('/', { method: 'PUT' }, 404, 'InvalidAction.NotFound');
    await expectRaw('/some/path', {}, 404, 'InvalidAction.NotFound');
  });

  test('request limits: body size, parameter count, value length', async () => {
    const big = `Note=${'a'.repeat(70 * 1024)}`;
    await expectRaw(
      '/',
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big },
      413,
      'RequestEntityTooLarge',
    );
    const many = Array.from({ length: 201 }, (_, i) => `p${i}=1`).join('&');
    await expectRaw(`/?${many}`, {}, 400, 'InvalidParameter.TooMany');
    await expectRaw(`/?Action=GetResourceDirectory&Note=${'b'.repeat(4097)}`, {}, 400, 'InvalidParameter.TooLong');
  });

  test('a NUL character in any parameter is refused with 400 InvalidParameter naming it', async () => {
    const body = await expectRaw(
      `/?${new URLSearchParams(v1Params(account, 'GET', { QueryKeyword: 'a\u0000b' }))}`,
      {},
      400,
      'InvalidParameter',
    );
    assert.match(body.Message, /"QueryKeyword"/);
  });

  test('malformed percent-encoding and duplicate parameters', async () => {
    await expectRaw('/?Action=Get%ZZ', {}, 400, 'InvalidParameter.Encoding');
    await expectRaw('/?Action=%E0%A4%A', {}, 400, 'InvalidParameter.Encoding');
    await expectRaw('/?Action=A&Action=B', {}, 400, 'InvalidParameter.Duplicate');
    const params = v1Params(account, 'POST');
    await expectRaw(
      `/?Action=${params['Action']}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      },
      400,
      'InvalidParameter.Duplicate',
    );
  });

  test('odd signed-header lists are refused with a 4xx, never a 500', async () => {
    const signed = v3('GetResourceDirectory');
    const auth = signed.headers['authorization']!;
    const cases = {
      // Not header names at all, the Authorization header itself, a name listed twice.
      ['__proto__']: 'IncompleteSignature',
      toString: 'IncompleteSignature',
      authorization: 'IncompleteSignature',
      'x-acs-date': 'IncompleteSignature',
      // Well-formed names of headers the request does not carry: signed as empty, so the signature fails.
      constructor: 'SignatureDoesNotMatch',
      hasownproperty: 'SignatureDoesNotMatch',
    };
    for (const [extra, code] of Object.entries(cases)) {
      const fresh = v3('GetResourceDirectory');
      const headers = {
        ...fresh.headers,
        authorization: fresh.headers['authorization']!.replace('x-acs-version,', `x-acs-version;${extra},`),
      };
      const response = await raw(fresh.path, { method: 'POST', headers });
      assert.equal(response.status, 400, `${extra}: ${response.body.Code}`);
      assert.equal(response.body.Code, code, extra);
    }
    assert.ok(auth);
    // A repeated header (an array in Node) is read as one joined value and simply fails the signature.
    const fresh = v3('GetResourceDirectory');
    const cookie = {
      ...fresh.headers,
      'set-cookie': 'a=b',
      authorization: fresh.headers['authorization']!.replace('x-acs-version,', 'x-acs-version;set-cookie,'),
    };
    await expectRaw(fresh.path, { method: 'POST', headers: cookie }, 400, 'SignatureDoesNotMatch');
  });

  test('over-long nonces, unsigned content types, HEAD requests and bad URLs get 4xx envelopes', async () => {
    await expectRaw(`/?${new URLSearchParams(v1Params(account, 'GET', { SignatureNonce: 'n'.repeat(257) }))}`, {}, 400, 'InvalidParameter');
    const signed = v3('GetResourceDirectory');
    const unsignedType = { ...signed.headers, 'content-type': 'application/x-www-form-urlencoded' };
    await expectRaw(signed.path, { method: 'POST', headers: unsignedType, body: 'RegionId=x' }, 400, 'IncompleteSignature');
    const head = await fetch(`${harness.url}/?${new URLSearchParams(v1Params(account, 'HEAD'))}`, { method: 'HEAD' });
    assert.equal(head.status, 404);
    await expectRaw('/%', {}, 400, 'InvalidParameter.Encoding');
  });

  test('malformed HTTP and oversized headers still answer in the envelope', async () => {
    const { connect } = await import('node:net');
    const send = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(harness.port, '127.0.0.1', () => socket.end(text));
        let out = '';
        socket.on('data', (chunk) => (out += chunk));
        socket.on('close', () => resolve(out));
      });
    const malformed = await send('GARBAGE / HTTP/1.1\r\n\r\n');
    assert.match(malformed, /^HTTP\/1\.1 400 /);
    assert.match(malformed, /"Code":"MalformedRequest"/);
    const huge = await send(`GET / HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.match(huge, /^HTTP\/1\.1 431 /);
    assert.match(huge, /x-acs-request-id: [0-9A-F-]{36}/);
    assert.match(huge, /"Code":"RequestHeaderFieldsTooLarge"/);
  });

  test('V1 Format=XML errors come as an <Error> element with the exact XML content type', async () => {
    const response = await fetch(`${harness.url}/?${new URLSearchParams(v1Params(account, 'GET', { Format: 'xml' }))}`);
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'text/xml;charset=utf-8');
    const text = await response.text();
    const requestId = response.headers.get('x-acs-request-id');
    assert.equal(
      text.replace(/<Recommend>.*<\/Recommend>/, ''),
      `<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>${requestId}</RequestId><HostId>resourcemanager.aliyuncs.com</HostId>` +
        '<Code>ResourceDirectoryNotInUse</Code><Message>The specified account is not an Alibaba Cloud account or a member account of the resource directory.</Message></Error>',
    );
    assert.match(
      text,
      /<Recommend>https:\/\/api\.aliyun\.com\/troubleshoot\?q=ResourceDirectoryNotInUse&amp;product=ResourceManager&amp;requestId=/,
    );
  });

  test('RegionId and unknown headers are tolerated', async () => {
    const response = await raw(`/?${new URLSearchParams(v1Params(account, 'GET', { RegionId: 'cn-hangzhou' }))}`, {
      headers: { 'x-custom-thing': 'yes' },
    });
    assert.equal(response.body.Code, 'ResourceDirectoryNotInUse');
    const pop = popClient(harness, account, 'POST');
    const sent = await pop.request('SendVerificationCodeForEnableRD', { RegionId: 'cn-shanghai', SecureMobilePhone: '1-2025550123' });
    assert.match(sent['RequestId'], REQUEST_ID);
    const v3client = sdkClient(harness, account);
    const viaSdk = await v3client.sendVerificationCodeForEnableRD(
      new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: '1-2025550123' }),
    );
    assert.equal(viaSdk.statusCode, 200);
  });
});
