import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REQUEST_ID, startServer, type Harness } from '../helpers/harness.js';
import { canopy } from './spawn-cli.js';

describe('the canopy CLI against a running server', () => {
  let harness: Harness;
  before(async () => (harness = await startServer()));
  after(() => harness.close());

  test('accounts create, call (V3-signed), inbox, and an error response', async () => {
    const created = await canopy(['accounts', 'create', '--display-name', 'CLI', '--secure-phone', '1-2025550123', '--url', harness.url]);
    assert.equal(created.code, 0, created.stderr);
    const account = JSON.parse(created.stdout);
    assert.match(account.accessKeyId, /^LTAI/);
    const keys = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: account.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: account.accessKeySecret,
      CANOPY_URL: harness.url,
    };

    const sent = await canopy(['call', 'SendVerificationCodeForEnableRD', '--SecureMobilePhone', '1-2025550123'], keys);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    assert.match(JSON.parse(sent.stdout).RequestId, REQUEST_ID);

    const inbox = await canopy(['inbox', '--phone', '1-2025550123', '--url', harness.url]);
    const [message] = JSON.parse(inbox.stdout).messages;
    assert.equal(message.accountId, account.accountId);

    const missing = await canopy(['call', 'GetResourceDirectory'], keys);
    assert.equal(missing.code, 4);
    assert.equal(JSON.parse(missing.stdout).Code, 'ResourceDirectoryNotInUse');

    const enabled = await canopy(
      [
        'call',
        'EnableResourceDirectory',
        '--EnableMode',
        'NewManagementAccount',
        `--MAName=cli@rdadmin.aliyunid.com`,
        '--VerificationCode',
        message.code,
      ],
      keys,
    );
    assert.equal(enabled.code, 0, enabled.stdout);
    assert.equal(JSON.parse(enabled.stdout).ResourceDirectory.MasterAccountName, 'cli@rdadmin.aliyunid.com');
  });

  test('inbox --email and --channel show the confirmation email of an email change', async () => {
    const manager = await harness.createAccount();
    const keys = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: manager.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: manager.accessKeySecret,
      CANOPY_URL: harness.url,
    };
    assert.equal((await canopy(['call', 'InitResourceDirectory'], keys)).code, 0);
    const created = await canopy(['call', 'CreateResourceAccount', '--DisplayName', 'CLI Mail'], keys);
    const memberId = JSON.parse(created.stdout).Account.AccountId;
    const changed = await canopy(['call', 'ChangeAccountEmail', '--AccountId', memberId, '--Email', 'cli.mail@example.com'], keys);
    assert.equal(changed.code, 0, changed.stdout + changed.stderr);

    const inbox = await canopy(['inbox', '--email', 'cli.mail@example.com', '--url', harness.url]);
    const [email] = JSON.parse(inbox.stdout).messages;
    assert.deepEqual([email.channel, email.accountId, email.purpose], ['email', memberId, 'ChangeAccountEmail']);
    assert.equal(email.link, `${harness.url}/confirm-email?token=${email.code}`);
    const sms = await canopy(['inbox', '--channel', 'sms', '--account-id', memberId, '--url', harness.url]);
    assert.deepEqual(JSON.parse(sms.stdout).messages, []);
  });

  test('call without keys exits 2 with a message', async () => {
    const result = await canopy(['call', 'GetResourceDirectory'], { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /ALIBABA_CLOUD_ACCESS_KEY_ID/);
  });

  test('serve refuses a bad configuration with a message naming the variable', async () => {
    const result = await canopy(['serve'], { CANOPY_MODE: 'production', CANOPY_ADMIN_TOKEN: '', CANOPY_SECRET: '' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /CANOPY_ADMIN_TOKEN: required in production mode/);
  });
});
