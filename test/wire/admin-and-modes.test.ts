import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { models, sdkClient, startServer, type Harness } from '../helpers/harness.js';

describe('admin API in emulator mode without a token', () => {
  let harness: Harness;
  before(async () => (harness = await startServer()));
  after(() => harness.close());

  test('accounts: create with defaults, list without secrets, extra keys, validation', async () => {
    const created = await harness.admin('POST', '/_canopy/accounts', { displayName: 'Dev Team' });
    assert.equal(created.status, 201);
    assert.match(created.body.accountId, /^[1-9]\d{15}$/);
    assert.match(created.body.accessKeyId, /^LTAI[A-Za-z0-9]{20}$/);
    assert.match(created.body.accessKeySecret, /^[A-Za-z0-9]{30}$/);
    assert.match(created.body.accountName, /^dev-team-[a-z0-9]{6}@canopy\.test$/);
    const list = await harness.admin('GET', '/_canopy/accounts');
    const listed = list.body.accounts.find((a: any) => a.accountId === created.body.accountId);
    assert.equal(listed.displayName, 'Dev Team');
    assert.equal(listed.enterpriseVerified, true);
    assert.ok(!JSON.stringify(list.body).includes(created.body.accessKeySecret));
    const key = await harness.admin('POST', `/_canopy/accounts/${created.body.accountId}/access-keys`);
    assert.equal(key.status, 201);
    assert.notEqual(key.body.accessKeyId, created.body.accessKeyId);
    assert.equal((await harness.admin('POST', '/_canopy/accounts/1234567890123456/access-keys')).status, 404);
    for (const bad of [
      { securePhone: '12345' },
      { displayName: '' },
      { enterpriseVerified: 'yes' },
      { unknownField: 1 },
      { accountName: 'no-at-sign' },
    ]) {
      const response = await harness.admin('POST', '/_canopy/accounts', bad);
      assert.equal(response.status, 400, JSON.stringify(bad));
      assert.equal(response.body.code, 'InvalidRequest');
    }
    const dup = await harness.admin('POST', '/_canopy/accounts', { accountName: 'same@example.com' });
    assert.equal(dup.status, 201);
    assert.equal((await harness.admin('POST', '/_canopy/accounts', { accountName: 'SAME@example.com' })).status, 409);
  });

  test('messages: filters, newest first, DELETE clears; reset wipes everything', async () => {
    const account = await harness.createAccount();
    const client = sdkClient(harness, account);
    for (const phone of ['1-2025550123', '44-7911123456', '1-2025550123']) {
      await client.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: phone }));
    }
    const all = await harness.admin('GET', `/_canopy/messages?accountId=${account.accountId}`);
    assert.equal(all.body.messages.length, 3);
    assert.deepEqual(
      all.body.messages.map((m: any) => m.phone),
      ['1-2025550123', '44-7911123456', '1-2025550123'],
    );
    const first = all.body.messages[0];
    assert.deepEqual(
      Object.keys(first).sort(),
      [
        'accountId',
        'attempts',
        'channel',
        'code',
        'createdAt',
        'deliveryStatus',
        'id',
        'nextAttemptAt',
        'phone',
        'providerMessageId',
        'purpose',
        'rounds',
        'sender',
        'sentAt',
        'status',
        'text',
      ].sort(),
    );
    assert.equal(first.purpose, 'EnableRD');
    assert.ok(first.text.includes(first.code));
    const uk = await harness.admin('GET', `/_canopy/messages?phone=44-7911123456&purpose=EnableRD`);
    assert.equal(uk.body.messages.length, 1);
    assert.equal((await harness.admin('GET', '/_canopy/messages?purpose=Other')).status, 400);
    await harness.canopy.dispatcher.runOnce();
    const delivered = await harness.admin('GET', `/_canopy/messages?accountId=${account.accountId}`);
    assert.ok(delivered.body.messages.every((m: any) => m.status === 'sent' && m.sender === 'inbox' && m.rounds === 1));
    assert.deepEqual(
      delivered.body.messages[0].attempts.map((a: any) => [a.round, a.sender, a.outcome]),
      [[1, 'inbox', 'sent']],
    );
    assert.equal((await harness.admin('DELETE', '/_canopy/messages')).status, 204);
    assert.equal((await harness.admin('GET', '/_canopy/messages')).body.messages.length, 0);
    await harness.reset();
    assert.equal((await harness.admin('GET', '/_canopy/accounts')).body.accounts.length, 0);
    await assert.rejects(client.getResourceDirectory(), { code: 'InvalidAccessKeyId.NotFound' });
  });

  test('without a token, browser pages (foreign Origin or Host) are refused', async () => {
    const evil = await fetch(`${harness.url}/_canopy/reset`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'text/plain' },
    });
    assert.equal(evil.status, 403);
    const { request } = await import('node:http');
    const rebound = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: harness.port, path: '/_canopy/messages', headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(rebound, 403);
    const local = await fetch(`${harness.url}/_canopy/accounts`, { headers: { origin: `http://localhost:${harness.port}` } });
    assert.equal(local.status, 200);
  });

  test('health is public and reports the mode', async () => {
    const health = await harness.admin('GET', '/_canopy/health');
    assert.deepEqual({ status: health.body.status, mode: health.body.mode }, { status: 'ok', mode: 'emulator' });
  });
});

describe('production mode', () => {
  const production = { CANOPY_MODE: 'production', CANOPY_ADMIN_TOKEN: 't'.repeat(32), CANOPY_SECRET: 's'.repeat(40) };

  test('refuses to start without an admin token, without a secret, or on the memory store', () => {
    assert.throws(
      () => loadConfig({ CANOPY_MODE: 'production', CANOPY_SECRET: 's'.repeat(40) }),
      (e: Error) => e instanceof ConfigError && /CANOPY_ADMIN_TOKEN/.test(e.message),
    );
    assert.throws(() => loadConfig({ CANOPY_MODE: 'production', CANOPY_ADMIN_TOKEN: 't'.repeat(32) }), /CANOPY_SECRET/);
    assert.throws(() => loadConfig({ ...production, CANOPY_STORE: 'memory' }), /CANOPY_STORE/);
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ CANOPY_QUOTA_TIMEZONE: 'Mars/Olympus' }), /CANOPY_QUOTA_TIMEZONE/);
    assert.throws(() => loadConfig({ CANOPY_TLS_CERT: 'cert.pem' }), /CANOPY_TLS_KEY/);
  });

  test('requires the bearer token, never shows codes, refuses emulator-only endpoints', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/canopy-prod-`);
    const harness = await startServer({ ...production, CANOPY_STORE: 'sqlite', CANOPY_DATA_DIR: dir });
    try {
      const anonymous = await fetch(`${harness.url}/_canopy/accounts`);
      assert.equal(anonymous.status, 401);
      const wrong = await fetch(`${harness.url}/_canopy/accounts`, { headers: { authorization: `Bearer ${'x'.repeat(32)}` } });
      assert.equal(wrong.status, 401);
      const account = await harness.createAccount();
      await sdkClient(harness, account).sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({}));
      const inbox = await harness.admin('GET', '/_canopy/messages');
      assert.equal(inbox.body.messages.length, 1);
      assert.equal(inbox.body.messages[0].code, undefined);
      assert.equal(inbox.body.messages[0].text, undefined);
      for (const [method, path] of [
        ['POST', '/_canopy/reset'],
        ['DELETE', '/_canopy/messages'],
      ] as const) {
        assert.equal((await harness.admin(method, path)).status, 403);
      }
      assert.equal((await harness.admin('POST', '/_canopy/clock', { advanceSeconds: 60 })).status, 403);
      // Once delivered, the stored code is masked.
      await harness.canopy.dispatcher.runOnce();
      const [stored] = await harness.canopy.store.transaction((tx) => tx.outbox.list({}, 10));
      assert.equal(stored?.status, 'sent');
      assert.equal(stored?.code, '******');
    } finally {
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
