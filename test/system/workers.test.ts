import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin, killAll, rpc, startServer } from './server-process.js';

const dirs: string[] = [];
after(async () => {
  await killAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test('serve --workers 2 on one SQLite file: the quota holds across processes, SIGTERM drains and exits 0', {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-workers-'));
  dirs.push(dir);
  const server = await startServer(dir, {}, ['--workers', '2']);
  const created = await admin(server.port, 'POST', '/_canopy/accounts', { securePhone: '1-2025550123' });
  assert.equal(created.status, 201);
  const results = await Promise.all(
    Array.from({ length: 300 }, () =>
      rpc(server.port, created.body, 'SendVerificationCodeForEnableRD', { SecureMobilePhone: '1-2025550123' }),
    ),
  );
  const ok = results.filter((r) => r.status === 200).length;
  const limited = results.filter((r) => r.status === 409 && r.body.Code === 'SendValidateCodeExceedsLimitForAccount').length;
  assert.deepEqual({ ok, limited }, { ok: 100, limited: 200 }, server.output());

  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  assert.equal(await exited, 0, server.output());
});

test('serve --workers refuses the memory store and bad counts with a message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-workers-'));
  dirs.push(dir);
  await assert.rejects(startServer(dir, { CANOPY_STORE: 'memory' }, ['--workers', '2']), /own memory store/);
  await assert.rejects(startServer(dir, {}, ['--workers', '0']), /--workers: must be an integer from 1 to 64/);
});
