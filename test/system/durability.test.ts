import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import { admin, killAll, rpc, startServer, type Caller, type HttpResult } from './server-process.js';

const PHONE = '1-2025550123';
const DAILY_LIMIT = 100;

/**
 * A fixed-offset zone in which it is about noon now, so the quota day cannot roll over between a
 * send and the restart that counts it, whatever time the test runs.
 */
function noonZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours(); // -11 .. 12
  if (offset === 0) return 'Etc/GMT';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`; // POSIX sign: Etc/GMT-5 is UTC+5
}

async function createAccount(port: number): Promise<Caller> {
  const created = await admin(port, 'POST', '/_canopy/accounts', { securePhone: PHONE });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as Caller;
}

const send = (port: number, caller: Caller) => rpc(port, caller, 'SendVerificationCodeForEnableRD');

describe('durability across SIGKILL', { timeout: 60_000 }, () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-durability-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => killAll());
  after(async () => {
    await killAll();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('the quota counts exactly the acknowledged sends after a SIGKILL', async (t) => {
    const dir = dataDir();
    const env = { CANOPY_QUOTA_TIMEZONE: noonZone() };
    const first = await startServer(dir, env);
    const caller = await createAccount(first.port);

    const results = await Promise.allSettled(Array.from({ length: 60 }, () => send(first.port, caller)));
    const acknowledged = results.filter((r) => r.status === 'fulfilled' && r.value.status === 200).length;
    await first.kill();
    t.diagnostic(`acknowledged before SIGKILL: ${acknowledged} of 60`);
    const refused = results.filter((r) => !(r.status === 'fulfilled' && r.value.status === 200));
    assert.deepEqual(refused, [], 'every send below the quota is acknowledged');

    const second = await startServer(dir, env);
    // More than the quota can still take, all at once: the store must count exactly what is left.
    const after = await Promise.all(Array.from({ length: DAILY_LIMIT - acknowledged + 20 }, () => send(second.port, caller)));
    const succeeded = after.filter((r) => r.status === 200).length;
    const others = after.filter((r) => r.status !== 200);
    assert.equal(succeeded, DAILY_LIMIT - acknowledged, `${output(second.output())}`);
    for (const r of others) {
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.equal(r.body.Code, 'SendValidateCodeExceedsLimitForAccount');
    }
    const last = await send(second.port, caller);
    assert.equal(last.body?.Code, 'SendValidateCodeExceedsLimitForAccount');

    // Every acknowledged send, before and after the kill, left its message behind.
    const messages = await admin(second.port, 'GET', `/_canopy/messages?accountId=${caller.accountId}&limit=1000`);
    assert.equal(messages.body.messages.length, DAILY_LIMIT);
  });

  test('every acknowledged code is still verifiable after a SIGKILL mid-burst', async (t) => {
    const dir = dataDir();
    const env = { CANOPY_QUOTA_TIMEZONE: noonZone() };
    const first = await startServer(dir, env);
    const callers: Caller[] = [];
    for (let i = 0; i < 40; i++) callers.push(await createAccount(first.port));

    // One send per account, all at once; SIGKILL as soon as the tenth response is in.
    let responses = 0;
    let killed: Promise<void> | undefined;
    const outcomes = await Promise.allSettled(
      callers.map((caller) =>
        send(first.port, caller).then((result: HttpResult) => {
          if (++responses === 10) killed = first.kill();
          return result;
        }),
      ),
    );
    await (killed ?? first.kill());
    const acknowledged = new Set(outcomes.flatMap((o, i) => (o.status === 'fulfilled' && o.value.status === 200 ? [i] : [])));
    const failedOther = outcomes.filter((o) => o.status === 'fulfilled' && o.value.status !== 200);
    assert.deepEqual(
      failedOther.map((o) => (o as PromiseFulfilledResult<HttpResult>).value.body),
      [],
      'no send was refused',
    );
    t.diagnostic(`acknowledged before SIGKILL: ${acknowledged.size} of 40`);
    assert.ok(acknowledged.size >= 10, 'at least the ten responses the kill waited for');

    const second = await startServer(dir, env);
    let enabled = 0;
    for (const [i, caller] of callers.entries()) {
      const inbox = await admin(second.port, 'GET', `/_canopy/messages?accountId=${caller.accountId}`);
      assert.equal(inbox.status, 200);
      const code: string | undefined = inbox.body.messages[0]?.code;
      if (!acknowledged.has(i)) {
        // Not acknowledged: it may or may not have committed, but never half of it.
        if (code === undefined) continue;
      }
      assert.match(String(code), /^\d{6}$/, `account ${i}: the acknowledged code is gone after restart`);
      const result = await rpc(second.port, caller, 'EnableResourceDirectory', {
        EnableMode: 'NewManagementAccount',
        MAName: `d${i}@rdadmin.aliyunid.com`,
        VerificationCode: code!,
      });
      assert.equal(
        result.status,
        200,
        `account ${i} (${acknowledged.has(i) ? 'acknowledged' : 'unacknowledged'}): ${JSON.stringify(result.body)}`,
      );
      assert.equal(result.body.ResourceDirectory.MasterAccountName, `d${i}@rdadmin.aliyunid.com`);
      enabled++;
    }
    t.diagnostic(`enabled after restart: ${enabled}`);
    assert.ok(enabled >= acknowledged.size);
  });
});

function output(text: string): string {
  return text ? `server output:\n${text}` : '';
}
