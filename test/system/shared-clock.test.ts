import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema, freshSchema, testDatabaseUrl } from '../contracts/engines.js';
import { admin, killAll, rpc, startServer, type Caller, type ServerProcess } from './server-process.js';

const PHONE = '1-2025550123';
const ATTEMPTS = 12;

const dirs: string[] = [];
after(async () => {
  await killAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The process IDs that logged an `rpc` line for `action` (pino writes the pid on every line). */
function pidsThatServed(server: ServerProcess, action: string): Set<number> {
  const pids = new Set<number>();
  for (const line of server.output().split('\n')) {
    try {
      const entry = JSON.parse(line) as { msg?: string; action?: string; pid?: number };
      if (entry.msg === 'rpc' && entry.action === action && entry.pid !== undefined) pids.add(entry.pid);
    } catch {
      // a partial line at the start of the kept tail
    }
  }
  return pids;
}

/** Waits until `count` processes have logged that they listen (workers start one after another). */
async function listening(server: ServerProcess, count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((server.output().match(/canopy listening/g) ?? []).length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} processes listen:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A code is sent, the clock is moved past its validity through `advanceOn`, then the code is tried
 * on fresh connections spread over `tryOn`: every process must refuse it as expired, at once.
 */
async function expiredEverywhere(advanceOn: ServerProcess, tryOn: readonly ServerProcess[]): Promise<void> {
  const caller = (await admin(advanceOn.port, 'POST', '/_canopy/accounts', { securePhone: PHONE })).body as Caller;
  assert.equal((await rpc(tryOn[0]!.port, caller, 'SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE })).status, 200);
  const inbox = await admin(advanceOn.port, 'GET', `/_canopy/messages?accountId=${caller.accountId}`);
  const code = inbox.body.messages[0].code as string;
  assert.equal((await admin(advanceOn.port, 'POST', '/_canopy/clock', { advanceSeconds: 601 })).status, 200);

  const answers: string[] = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    const result = await rpc(tryOn[i % tryOn.length]!.port, caller, 'EnableResourceDirectory', {
      EnableMode: 'NewManagementAccount',
      MAName: `clock-${i}@rdadmin.aliyunid.com`,
      VerificationCode: code,
    });
    answers.push(`${result.status} ${result.body.Code ?? 'OK'}`);
  }
  assert.deepEqual(answers, Array(ATTEMPTS).fill('409 Invalid.VerificationCode'));
  // Moving the clock again from another process adds to what the store holds.
  const again = await admin(tryOn[0]!.port, 'POST', '/_canopy/clock', { advanceSeconds: 1 });
  assert.equal(again.body.offsetSeconds, 602, JSON.stringify(again.body));
  for (const server of [advanceOn, ...tryOn]) {
    const clock = await admin(server.port, 'GET', '/_canopy/clock');
    assert.equal(clock.body.offsetSeconds, 602, `GET /_canopy/clock on :${server.port}: ${JSON.stringify(clock.body)}`);
  }
}

describe('every process of one store follows one emulator clock', { timeout: 120_000 }, () => {
  test('serve --workers 2 on SQLite: after POST /_canopy/clock on one worker, an expired code is refused by both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-clock-'));
    dirs.push(dir);
    const server = await startServer(dir, { LOG_LEVEL: 'info' }, ['--workers', '2']);
    await listening(server, 2);
    await expiredEverywhere(server, [server]);
    assert.equal(pidsThatServed(server, 'EnableResourceDirectory').size, 2, 'both workers answered');
  });

  test('two instances on one PostgreSQL schema: the clock moved on one holds on the other at once', {
    skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set',
  }, async () => {
    const schema = freshSchema('canopy_clock');
    try {
      const env = { DATABASE_URL: testDatabaseUrl!, CANOPY_DATABASE_SCHEMA: schema };
      const [first, second] = await Promise.all([startServer('', env), startServer('', env)]);
      await expiredEverywhere(first!, [second!, first!]);
    } finally {
      await killAll();
      await dropSchema(testDatabaseUrl!, schema);
    }
  });
});
