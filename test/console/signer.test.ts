import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { v3CanonicalRequest, v3Sign, v3StringToSign } from '../../src/protocol/signature-v3.js';

// The browser's signer, as the browser loads it (plain JavaScript over WebCrypto, which Node has too).
const signerPath = '../../src/console/signer.js';
const signer: {
  signRpc(call: Record<string, unknown>): Promise<{ url: string; headers: Record<string, string>; canonical: string }>;
} = await import(signerPath);

test('the browser signer reproduces the spec test vector (spec 9.4)', async () => {
  const signed = await signer.signRpc({
    host: 'resourcemanager.aliyuncs.com',
    action: 'SendVerificationCodeForEnableRD',
    version: '2020-03-31',
    params: { SecureMobilePhone: '1-5551234567' },
    accessKeyId: 'testid',
    accessKeySecret: 'testsecret',
    date: new Date('2024-01-01T00:00:00Z'),
    nonce: '0123456789abcdef0123456789abcdef',
  });
  assert.equal(
    createHash('sha256').update(signed.canonical).digest('hex'),
    'a2f90ebbed097d2c4f2785dbbe4d9df58d84fe21fc29e95f664eccab43f75507',
  );
  assert.equal(
    signed.headers['authorization'],
    'ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=86dd9d8da3756b8463a8999f6aef0b8811920a165097d712efc059c959073647',
  );
  assert.equal(signed.url, '/?SecureMobilePhone=1-5551234567');
  // Browsers set Host themselves: it is signed, never sent by the page.
  assert.equal(signed.headers['host'], undefined);
});

test("the browser signer agrees with the server's verifier on awkward parameters", async () => {
  const params = {
    DisplayName: 'Équipe données * (ops) ~ 東京 & co=1+2',
    'Tag.1.Key': 'k!',
    'Tag.1.Value': "a'b",
    NewFolderName: ' spaced ',
  };
  const signed = await signer.signRpc({
    host: '127.0.0.1:8080',
    action: 'CreateResourceAccount',
    version: '2020-03-31',
    params,
    accessKeyId: 'LTAIexample',
    accessKeySecret: 'secret/with+odd=chars',
    date: new Date('2026-03-04T05:06:07.890Z'),
    nonce: 'fedcba9876543210fedcba9876543210',
  });
  const headers: Record<string, string> = { ...signed.headers, host: '127.0.0.1:8080' };
  const signedHeaders = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'];
  // What the server rebuilds from the decoded query it receives.
  const query = Object.fromEntries(new URLSearchParams(signed.url.slice(2)));
  assert.deepEqual(query, params);
  const canonical = v3CanonicalRequest({
    method: 'POST',
    path: '/',
    query,
    headers,
    signedHeaders,
    payloadHash: headers['x-acs-content-sha256']!,
  });
  assert.equal(signed.canonical, canonical);
  const signature = v3Sign(v3StringToSign(canonical), 'secret/with+odd=chars');
  assert.ok(signed.headers['authorization']!.endsWith(`Signature=${signature}`));
  assert.equal(signed.headers['x-acs-date'], '2026-03-04T05:06:07Z');
});
