import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type Harness } from '../helpers/harness.js';
import { writeSelfSigned } from '../helpers/self-signed.js';
import { canopy, oneLine } from './spawn-cli.js';

/** A port something else listens on, and a port nothing listens on. */
async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

async function closedPort(): Promise<number> {
  const { port, server } = await occupiedPort();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('expected CLI failures: one line on stderr and a documented exit code', () => {
  let harness: Harness;
  let guarded: Harness;
  before(async () => {
    harness = await startServer();
    guarded = await startServer({ CANOPY_ADMIN_TOKEN: 'the-right-admin-token-0123456789' });
  });
  after(async () => {
    await harness.close();
    await guarded.close();
  });

  test('server not running: exit 3 naming the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const listed = await canopy(['accounts', 'list', '--url', url]);
    assert.equal(listed.code, 3);
    assert.match(oneLine(listed.stderr), /cannot reach .*127\.0\.0\.1.*canopy serve/);
    const called = await canopy(['call', 'GetResourceDirectory', '--endpoint', url], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIx',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'y',
    });
    assert.equal(called.code, 3);
    oneLine(called.stderr);
  });

  test('wrong admin token (401): exit 4 naming CANOPY_ADMIN_TOKEN', async () => {
    const result = await canopy(['accounts', 'list', '--url', guarded.url], { CANOPY_ADMIN_TOKEN: 'a-wrong-token' });
    assert.equal(result.code, 4);
    assert.match(oneLine(result.stderr), /401.*CANOPY_ADMIN_TOKEN/);
  });

  test('bad phone: exit 4 with the server message', async () => {
    const result = await canopy(['accounts', 'create', '--secure-phone', '1-5551234567', '--url', harness.url]);
    assert.equal(result.code, 4);
    assert.match(oneLine(result.stderr), /securePhone/);
  });

  test('untrusted certificate: exit 3 naming NODE_EXTRA_CA_CERTS', async () => {
    const { certFile, keyFile } = writeSelfSigned(mkdtempSync(join(tmpdir(), 'canopy-cli-tls-')));
    const tls = await startServer({ CANOPY_TLS_CERT: certFile, CANOPY_TLS_KEY: keyFile });
    try {
      const result = await canopy(['accounts', 'list', '--url', tls.url], { NODE_EXTRA_CA_CERTS: '' });
      assert.equal(result.code, 3);
      assert.match(oneLine(result.stderr), /NODE_EXTRA_CA_CERTS/);
    } finally {
      await tls.close();
    }
  });

  test('port in use: serve exits 5 with one line', async () => {
    const { port, server } = await occupiedPort();
    try {
      const result = await canopy(['serve', '--port', String(port), '--host', '127.0.0.1'], { CANOPY_STORE: 'memory' });
      assert.equal(result.code, 5);
      assert.match(oneLine(result.stderr), new RegExp(`port ${port}.* in use`));
    } finally {
      server.close();
    }
  });

  test('serve --workers 2 on a busy port exits 5 instead of restarting workers for ever', async () => {
    const { port, server } = await occupiedPort();
    const dir = mkdtempSync(join(tmpdir(), 'canopy-cli-workers-'));
    try {
      const env = { CANOPY_STORE: 'sqlite', CANOPY_DATA_DIR: dir };
      const result = await canopy(['serve', '--workers', '2', '--port', String(port), '--host', '127.0.0.1'], env, 60_000);
      assert.equal(result.killed, false, 'still running after 60 s');
      assert.equal(result.code, 5);
      assert.match(oneLine(result.stderr), /in use/);
    } finally {
      server.close();
    }
  });

  test('TLS file missing: exit 2 naming the variable', async () => {
    const result = await canopy(['serve', '--port', '0'], {
      CANOPY_STORE: 'memory',
      CANOPY_TLS_CERT: '/nonexistent/cert.pem',
      CANOPY_TLS_KEY: '/nonexistent/key.pem',
    });
    assert.equal(result.code, 2);
    assert.match(oneLine(result.stderr), /CANOPY_TLS_CERT.*\/nonexistent\/cert\.pem/);
  });

  test('TLS files that are not PEM: exit 2 naming the variables, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-bad-pem-'));
    try {
      writeFileSync(join(dir, 'cert.pem'), 'not a certificate\n');
      writeFileSync(join(dir, 'key.pem'), 'not a key\n');
      const result = await canopy(['serve', '--port', '0'], {
        CANOPY_STORE: 'memory',
        CANOPY_TLS_CERT: join(dir, 'cert.pem'),
        CANOPY_TLS_KEY: join(dir, 'key.pem'),
      });
      assert.equal(result.code, 2, result.stderr);
      assert.match(oneLine(result.stderr), /CANOPY_TLS_CERT and CANOPY_TLS_KEY: not a usable PEM certificate and key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('migrate: a configuration error exits 2 as serve does', async () => {
    const result = await canopy(['migrate'], { CANOPY_MODE: 'production', CANOPY_ADMIN_TOKEN: '', CANOPY_SECRET: '' });
    assert.equal(result.code, 2);
    assert.match(oneLine(result.stderr), /configuration error: CANOPY_ADMIN_TOKEN/);
  });

  test('migrate: PostgreSQL unreachable exits 3 with one line', async () => {
    const port = await closedPort();
    const result = await canopy(['migrate'], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test`, CANOPY_STORE: '' });
    assert.equal(result.code, 3);
    assert.match(oneLine(result.stderr), /PostgreSQL/);
  });

  test('migrate: a database that does not exist exits 3 naming it', async () => {
    const result = await canopy(['migrate'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/canopy_no_such_database',
      CANOPY_STORE: '',
    });
    assert.equal(result.code, 3);
    assert.match(oneLine(result.stderr), /canopy_no_such_database/);
  });
});
