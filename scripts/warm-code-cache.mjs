// `node scripts/warm-code-cache.mjs dist/bundle/canopy.cjs`, run by scripts/bundle-cli.mjs: starts the
// bundled server in this process on a throwaway SQLite data dir, makes the calls a first session makes
// (an account, then signed GetResourceDirectory, InitResourceDirectory, GetResourceDirectory), and
// writes V8's code cache of everything that compiled (src/cli/bundle-launcher.ts). Its own process,
// so the V8 flags are those of a plain start. A bundle that cannot serve these calls fails the build.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBundle, writeCodeCache } from '../dist/cli/bundle-launcher.js';
import { signV3 } from '../dist/protocol/sign-request.js';

const bundlePath = resolve(process.argv[2] ?? 'dist/bundle/canopy.cjs');
const dataDir = mkdtempSync(join(tmpdir(), 'canopy-warm-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;

for (const name of Object.keys(process.env)) if (name.startsWith('CANOPY_') || name === 'DATABASE_URL') delete process.env[name];
Object.assign(process.env, {
  CANOPY_DATA_DIR: dataDir,
  CANOPY_STORE: 'sqlite',
  HOST: '127.0.0.1',
  PORT: String(port),
  LOG_LEVEL: 'silent',
});
process.argv = [process.execPath, bundlePath, 'serve'];

try {
  const bundle = runBundle(bundlePath);
  await until(async () => (await fetch(`${base}/_canopy/health`).catch(() => undefined))?.ok === true);
  const created = await fetch(`${base}/_canopy/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ securePhone: '1-2025550123', enterpriseVerified: true, enterpriseName: 'Canopy Warm-up Ltd' }),
  });
  if (created.status !== 201) throw new Error(`POST /_canopy/accounts: ${created.status} ${await created.text()}`);
  const { accessKeyId, accessKeySecret } = await created.json();
  for (const [action, expected] of [
    ['GetResourceDirectory', 404],
    ['InitResourceDirectory', 200],
    ['GetResourceDirectory', 200],
  ]) {
    const { path, headers } = signV3({
      host: `127.0.0.1:${port}`,
      action,
      version: '2020-03-31',
      params: {},
      accessKeyId,
      accessKeySecret,
    });
    const response = await fetch(`${base}${path}`, { method: 'POST', headers });
    const body = await response.text();
    if (response.status !== expected) throw new Error(`${action}: ${response.status} (expected ${expected}) ${body}`);
  }
  const bytes = writeCodeCache(bundle);
  // stderr: `npm pack --json` builds through here, and its stdout must stay JSON.
  process.stderr.write(`code cache: ${(bytes / 1024).toFixed(0)} kB for ${bundlePath}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
// The server is still listening; the cache is written, so nothing is lost by leaving at once.
process.exit(0);

async function until(ready) {
  const deadline = Date.now() + 30_000;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error('the bundled server did not become healthy within 30 s');
    await new Promise((done) => setTimeout(done, 20));
  }
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}
