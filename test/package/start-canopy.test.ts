import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ResourceManager, * as models from '@alicloud/resourcemanager20200331';
import { CanopyAdminError, startCanopy, type RunningCanopy } from '../../src/index.js';

const PHONE = '1-2025550123';

function client(canopy: RunningCanopy, key: { accessKeyId: string; accessKeySecret: string }) {
  return new ResourceManager.default({ ...key, endpoint: canopy.endpoint, protocol: 'HTTP', regionId: 'cn-hangzhou' } as never);
}

async function enable(canopy: RunningCanopy, key: { accessKeyId: string; accessKeySecret: string }) {
  const rm = client(canopy, key);
  await rm.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: PHONE }));
  const code = await canopy.latestCode(PHONE);
  const { body } = await rm.enableResourceDirectory(
    new models.EnableResourceDirectoryRequest({
      enableMode: 'NewManagementAccount',
      MAName: 'ops@rdadmin.aliyunid.com',
      MASecureMobilePhone: PHONE,
      verificationCode: code,
    }),
  );
  return body!.resourceDirectory!;
}

/** Whether something listens on the port: binding it fails then. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

test('startCanopy: a free port, the memory store by default, and the official SDK enables a directory with latestCode', async () => {
  const canopy = await startCanopy();
  try {
    assert.ok(canopy.port > 0);
    assert.equal(canopy.endpoint, `127.0.0.1:${canopy.port}`);
    assert.equal(canopy.url, `http://127.0.0.1:${canopy.port}`);
    const health = (await (await fetch(`${canopy.url}/_canopy/health`)).json()) as { store: string; mode: string };
    assert.deepEqual([health.store, health.mode], ['memory', 'emulator']);
    const account = await canopy.createAccount({ displayName: 'Dev', securePhone: PHONE });
    assert.match(account.accessKeyId, /^LTAI/);
    const directory = await enable(canopy, account);
    assert.match(directory.resourceDirectoryId!, /^rd-/);
    const [message] = await canopy.messages({ phone: PHONE });
    assert.equal(message?.purpose, 'EnableRD');
  } finally {
    await canopy.stop();
  }
});

test('two instances side by side in one process have their own ports and their own data', async () => {
  const [a, b] = await Promise.all([startCanopy(), startCanopy()]);
  try {
    assert.notEqual(a.port, b.port);
    const account = await a.createAccount({ securePhone: PHONE });
    const rmA = client(a, account);
    await rmA.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: PHONE }));
    assert.match(await a.latestCode(PHONE), /^\d{6}$/);
    await assert.rejects(b.latestCode(PHONE), (error: CanopyAdminError) => error.code === 'NoCode' && /1-2025550123/.test(error.message));
    await assert.rejects(
      client(b, account).getResourceDirectory(),
      (error: { data?: { Code?: string } }) => error.data?.Code === 'InvalidAccessKeyId.NotFound',
    );
    await assert.rejects(b.createAccessKey(account.accountId), (error: CanopyAdminError) => error.status === 404);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('latestCode answers the newest code, and waits for one when given timeoutMs', async () => {
  const canopy = await startCanopy();
  try {
    const account = await canopy.createAccount({ securePhone: PHONE });
    const rm = client(canopy, account);
    const waiting = canopy.latestCode(PHONE, { timeoutMs: 10_000 });
    await rm.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: PHONE }));
    const first = await waiting;
    await canopy.advanceClock(61); // the resend interval
    await rm.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: PHONE }));
    const [newest] = await canopy.messages({ phone: PHONE, limit: 1 });
    assert.equal(await canopy.latestCode(PHONE), newest?.code);
    assert.equal((await canopy.messages({ phone: PHONE })).length, 2);
    assert.match(first, /^\d{6}$/);
    await assert.rejects(
      canopy.latestCode('44-7911123456', { timeoutMs: 50 }),
      /No verification code was sent to 44-7911123456 within 50 ms/,
    );
  } finally {
    await canopy.stop();
  }
});

test('reset wipes the data, advanceClock moves the clock, createAccessKey makes a RAM user key', async () => {
  const canopy = await startCanopy();
  try {
    const account = await canopy.createAccount({ securePhone: PHONE });
    const ram = await canopy.createAccessKey(account.accountId, { ramUser: 'ci-bot' });
    assert.equal(ram.ramUser, 'ci-bot');
    const root = await canopy.createAccessKey(account.accountId);
    assert.equal(root.ramUser, undefined);
    await assert.rejects(
      canopy.createAccessKey(account.accountId, { ramUser: 'not a name!' }),
      (error: CanopyAdminError) => error instanceof CanopyAdminError && error.status === 400 && error.code === 'InvalidRequest',
    );

    const before = Date.now();
    const clock = await canopy.advanceClock(3600);
    assert.equal(clock.offsetSeconds, 3600);
    assert.ok(Date.parse(clock.now) >= before + 3600_000);

    await canopy.reset();
    await assert.rejects(
      client(canopy, account).getResourceDirectory(),
      (error: { data?: { Code?: string } }) => error.data?.Code === 'InvalidAccessKeyId.NotFound',
    );
    assert.equal((await canopy.advanceClock(1)).offsetSeconds, 1);
  } finally {
    await canopy.stop();
  }
});

test('stop frees the port and may be called twice; a fixed port is taken as given', async () => {
  const first = await startCanopy();
  const port = first.port;
  await first.stop();
  await first.stop();
  assert.equal(await portTaken(port), false);
  const again = await startCanopy({ port });
  try {
    assert.equal(again.port, port);
    assert.equal(await portTaken(port), true);
  } finally {
    await again.stop();
  }
  assert.equal(await portTaken(port), false);
});

test("store 'sqlite' keeps the data in dataDir across a restart; it needs a dataDir", async () => {
  await assert.rejects(startCanopy({ store: 'sqlite' }), /dataDir/);
  const dataDir = mkdtempSync(join(tmpdir(), 'canopy-embedded-'));
  try {
    const first = await startCanopy({ store: 'sqlite', dataDir });
    const account = await first.createAccount({ securePhone: PHONE });
    await first.stop();
    assert.ok(existsSync(join(dataDir, 'canopy.db')));
    const second = await startCanopy({ store: 'sqlite', dataDir });
    try {
      const health = (await (await fetch(`${second.url}/_canopy/health`)).json()) as { store: string };
      assert.equal(health.store, 'sqlite');
      await enable(second, account);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('env carries other settings; mode and an admin token reach the admin API', async () => {
  const token = 'a-token-of-sixteen-chars';
  const canopy = await startCanopy({ env: { CANOPY_ADMIN_TOKEN: token, CANOPY_SITE: 'china' } });
  try {
    const account = await canopy.createAccount();
    assert.ok(account.accountId);
    const anonymous = await fetch(`${canopy.url}/_canopy/accounts`);
    assert.equal(anonymous.status, 401);
  } finally {
    await canopy.stop();
  }
  await assert.rejects(startCanopy({ mode: 'production' }), /CANOPY_ADMIN_TOKEN: required in production mode/);
});
