import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pino } from 'pino';
import { apiClient, type Harness, rdmClient, REQUEST_ID, startServer, type TestAccount } from '../helpers/harness.js';

const TOKEN = 'audit-admin-token-0123456789abcdef';
const PHONE = '1-2025550123';

/** Every line the server logs, as written (JSON text), for assertions on what it holds and what it never holds. */
function captured() {
  const lines: string[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const text = partial + String(chunk);
      const parts = text.split('\n');
      partial = parts.pop()!;
      lines.push(...parts.filter((line) => line !== ''));
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, stream) };
}

const outcome = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? String(error),
  );

test('every change is audited once, with its RequestId, caller and outcome; no line ever holds a code, secret, token or the admin token', async () => {
  const { lines, log } = captured();
  const harness: Harness = await startServer({ CANOPY_ADMIN_TOKEN: TOKEN, CANOPY_SMS_POLL_MS: '20' }, { log });
  const secrets: string[] = [TOKEN];
  try {
    // Admin: an account, and its key; a read that is not audited; a refused change that is.
    const created = await fetch(`${harness.url}/_canopy/accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ securePhone: PHONE }),
    });
    assert.equal(created.status, 201);
    const adminRequestId = created.headers.get('x-canopy-request-id');
    assert.match(adminRequestId ?? '', REQUEST_ID, 'admin answers carry a RequestId');
    const caller = (await created.json()) as TestAccount;
    secrets.push(caller.accessKeySecret);
    assert.equal((await harness.admin('GET', '/_canopy/accounts')).status, 200);
    const refused = await fetch(`${harness.url}/_canopy/reset`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong-token-wrong-token' },
    });
    assert.equal(refused.status, 401);
    const refusedId = refused.headers.get('x-canopy-request-id');

    // RPC: a code sent, a wrong code refused, the right one accepted; reads in between.
    const rm = apiClient(harness, caller, '2020-03-31');
    const sent = await rm.request('SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE });
    const code = await harness.latestCode(PHONE, caller.accountId);
    secrets.push(code);
    const wrong = code === '000000' ? '111111' : '000000';
    const enable = (verificationCode: string) =>
      rm.request('EnableResourceDirectory', {
        EnableMode: 'NewManagementAccount',
        MAName: 'audit-ops@rdadmin.aliyunid.com',
        MASecureMobilePhone: PHONE,
        VerificationCode: verificationCode,
      });
    assert.equal(await outcome(enable(wrong)), 'Invalid.VerificationCode');
    const enabled = await enable(code);
    const managerId = enabled['ResourceDirectory']['MasterAccountId'] as string;
    assert.equal(await outcome(rm.request('GetResourceDirectory')), 'ok');

    // The new management account acts through a RAM user's key; an email change is confirmed on its page.
    const ramKey = await harness.admin('POST', `/_canopy/accounts/${managerId}/access-keys`, { ramUser: 'auditor' });
    assert.equal(ramKey.status, 201);
    secrets.push(ramKey.body.accessKeySecret);
    const manager: TestAccount = { ...caller, accountId: managerId, ...ramKey.body };
    const rdm = rdmClient(harness, manager);
    const member = (await rdm.request('CreateResourceAccount', { DisplayName: 'Audited Member', AccountNamePrefix: 'audited' }))['Account'][
      'AccountId'
    ] as string;
    // A dry run is audited as one, whatever the case of its `true`.
    await rdm.request('CreateResourceAccount', { DisplayName: 'Dry Member', AccountNamePrefix: 'dry-run', DryRun: 'True' });
    await rdm.request('ChangeAccountEmail', { AccountId: member, Email: 'audited@example.com' });
    const email = (await harness.admin('GET', `/_canopy/messages?channel=email&accountId=${member}`)).body.messages[0];
    secrets.push(email.code);
    const confirmed = await fetch(`${harness.url}/confirm-email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: email.code }).toString(),
    });
    assert.equal(confirmed.status, 200);
    const confirmId = confirmed.headers.get('x-canopy-request-id');

    // A message contact's address confirmed with its code on the other page.
    const contactId = (
      await rdm.request('AddMessageContact', {
        Name: 'Auditor',
        EmailAddress: 'oncall@example.com',
        Title: 'MaintenanceDirector',
        'MessageTypes.1': 'FaultMessage',
      })
    )['Contact']['ContactId'] as string;
    await rdm.request('SendEmailVerificationForMessageContact', { ContactId: contactId, EmailAddress: 'oncall@example.com' });
    const contactCode = (await harness.admin('GET', '/_canopy/messages?channel=email&purpose=MessageContactEmail')).body.messages[0].code;
    secrets.push(contactCode);
    const verified = await fetch(`${harness.url}/verify-contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ target: 'oncall@example.com', code: contactCode }).toString(),
    });
    assert.equal(verified.status, 200);

    // More admin changes: the RAM user's key deleted, the clock moved.
    assert.equal((await harness.admin('DELETE', `/_canopy/accounts/${managerId}/access-keys/${ramKey.body.accessKeyId}`)).status, 204);
    await harness.advanceClock(60);
    // Let the dispatcher deliver (and log) what was queued, so its lines are checked too.
    await harness.canopy.dispatcher.runOnce();

    const written = lines.join('\n');
    for (const secret of secrets) assert.ok(!written.includes(secret), `a log line holds a secret, code or token (${secret.slice(0, 3)}…)`);

    const audits = lines.map((line) => JSON.parse(line)).filter((entry) => entry.audit === true);
    for (const entry of audits) {
      assert.equal(entry.msg, 'audit');
      assert.equal(entry.level, 30, 'info');
      assert.match(entry.requestId, REQUEST_ID);
      assert.equal(typeof entry.outcome, 'string');
    }
    const rpc = audits.filter((entry) => entry.action !== undefined);
    assert.deepEqual(
      rpc.map((entry) => [entry.action, entry.outcome]),
      [
        ['SendVerificationCodeForEnableRD', 'ok'],
        ['EnableResourceDirectory', 'Invalid.VerificationCode'],
        ['EnableResourceDirectory', 'ok'],
        ['CreateResourceAccount', 'ok'],
        ['CreateResourceAccount', 'ok'],
        ['ChangeAccountEmail', 'ok'],
        ['AddMessageContact', 'ok'],
        ['SendEmailVerificationForMessageContact', 'ok'],
      ],
      'mutations only, refused ones included; GetResourceDirectory is a read',
    );
    assert.deepEqual(
      { ...rpc[0], time: undefined, pid: undefined, hostname: undefined },
      {
        level: 30,
        time: undefined,
        pid: undefined,
        hostname: undefined,
        audit: true,
        requestId: sent['RequestId'],
        action: 'SendVerificationCodeForEnableRD',
        version: '2020-03-31',
        accessKeyId: caller.accessKeyId,
        accountId: caller.accountId,
        ramUser: null,
        status: 200,
        outcome: 'ok',
        msg: 'audit',
      },
    );
    assert.deepEqual(
      rpc.map((entry) => entry.dryRun),
      [undefined, undefined, undefined, undefined, true, undefined, undefined, undefined],
      'dryRun only on the dry run',
    );
    for (const entry of rpc.slice(3)) {
      assert.deepEqual([entry.accessKeyId, entry.accountId, entry.ramUser], [ramKey.body.accessKeyId, managerId, 'auditor']);
    }

    const admin = audits.filter((entry) => entry.route?.startsWith('/_canopy') || entry.route?.includes(' /_canopy'));
    assert.deepEqual(
      admin.map((entry) => [entry.route, entry.outcome, entry.status]),
      [
        ['POST /_canopy/accounts', 'ok', 201],
        ['POST /_canopy/reset', 'Unauthorized', 401],
        ['POST /_canopy/accounts/:accountId/access-keys', 'ok', 201],
        ['DELETE /_canopy/accounts/:accountId/access-keys/:accessKeyId', 'ok', 204],
        ['POST /_canopy/clock', 'ok', 200],
      ],
      'every admin change, refused ones included; GETs are not audited',
    );
    assert.equal(admin[0].requestId, adminRequestId);
    assert.equal(admin[0].accountId, caller.accountId, 'the account it created');
    assert.equal(admin[1].requestId, refusedId);
    assert.deepEqual([admin[2].accountId, admin[2].accessKeyId], [managerId, ramKey.body.accessKeyId]);
    assert.deepEqual([admin[3].accountId, admin[3].accessKeyId], [managerId, ramKey.body.accessKeyId]);

    const pages = audits.filter((entry) => entry.route === 'POST /confirm-email' || entry.route === 'POST /verify-contact');
    assert.deepEqual(
      pages.map((entry) => [entry.route, entry.outcome]),
      [
        ['POST /confirm-email', 'ok'],
        ['POST /verify-contact', 'ok'],
      ],
    );
    assert.equal(pages[0].requestId, confirmId);
    assert.equal(pages[0].accountId, member);
    assert.equal(pages[1].contactId, contactId);
    assert.equal(audits.length, rpc.length + admin.length + pages.length, 'nothing else is audited');
  } finally {
    await harness.close();
  }
});
