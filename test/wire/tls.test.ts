import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signV3 } from '../../src/protocol/sign-request.js';
import { startServer } from '../helpers/harness.js';
import { writeSelfSigned } from '../helpers/self-signed.js';

function call(
  url: string,
  ca: Buffer,
  method = 'GET',
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers, method }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('serves HTTPS when CANOPY_TLS_CERT and CANOPY_TLS_KEY are set', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-tls-'));
  const { certFile: cert, keyFile: key } = writeSelfSigned(dir);
  const harness = await startServer({ CANOPY_TLS_CERT: cert, CANOPY_TLS_KEY: key });
  try {
    assert.match(harness.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(cert);
    assert.equal((await call(`${harness.url}/_canopy/health`, ca)).body.status, 'ok');
    const account = (await call(`${harness.url}/_canopy/accounts`, ca, 'POST', { 'content-type': 'application/json' }, '{}')).body;
    const { path, headers } = signV3({
      host: `127.0.0.1:${harness.port}`,
      action: 'GetResourceDirectory',
      version: '2020-03-31',
      params: {},
      accessKeyId: account.accessKeyId,
      accessKeySecret: account.accessKeySecret,
    });
    const rpc = await call(`${harness.url}${path}`, ca, 'POST', headers);
    assert.equal(rpc.status, 404);
    assert.equal(rpc.body.Code, 'ResourceDirectoryNotInUse');
  } finally {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
