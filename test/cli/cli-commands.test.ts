import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type Harness } from '../helpers/harness.js';
import { canopy, oneLine } from './spawn-cli.js';

describe('canopy call: its own options apart from the API parameters', () => {
  let harness: Harness;
  let keys: Record<string, string>;
  before(async () => {
    harness = await startServer();
    const manager = await harness.createAccount();
    keys = { ALIBABA_CLOUD_ACCESS_KEY_ID: manager.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: manager.accessKeySecret, CANOPY_URL: '' };
    await canopy(['call', 'InitResourceDirectory', '--endpoint', harness.url], keys);
    await canopy(['call', 'CreateResourceAccount', '--endpoint', harness.url, 'DisplayName=One'], keys);
  });
  after(() => harness.close());

  test('--url is the server, Key=Value and --Key value are parameters (PageSize=1 is kept)', async () => {
    const result = await canopy(['call', 'ListAccounts', '--url', harness.url, 'PageSize=1', '--IncludeTags', 'true'], keys);
    assert.equal(result.code, 0, result.stderr);
    const body = JSON.parse(result.stdout);
    assert.equal(body.TotalCount, 2);
    assert.equal(body.Accounts.Account.length, 1);
  });

  test('a parameter without a value is refused, not given the next flag as its value', async () => {
    const result = await canopy(['call', 'ListAccounts', '--url', harness.url, '--IncludeTags', '--PageSize', '2'], keys);
    assert.equal(result.code, 2);
    assert.match(oneLine(result.stderr), /--IncludeTags needs a value/);
  });

  test('unknown options, parameters and Actions are refused with exit 2', async () => {
    const option = await canopy(['call', 'ListAccounts', '--url', harness.url, '--bogus', 'x'], keys);
    assert.equal(option.code, 2);
    assert.match(oneLine(option.stderr), /--bogus/);
    const parameter = await canopy(['call', 'ListAccounts', '--url', harness.url, 'Pagesize=3'], keys);
    assert.equal(parameter.code, 2);
    assert.match(oneLine(parameter.stderr), /Pagesize.*PageSize/);
    const action = await canopy(['call', 'ListAcounts', '--url', harness.url], keys);
    assert.equal(action.code, 2);
    assert.match(oneLine(action.stderr), /ListAcounts/);
  });

  test('an error response exits 4 and still prints the JSON answer', async () => {
    const other = await harness.createAccount();
    const result = await canopy(['call', 'GetResourceDirectory', '--url', harness.url], {
      ...keys,
      ALIBABA_CLOUD_ACCESS_KEY_ID: other.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: other.accessKeySecret,
    });
    assert.equal(result.code, 4);
    assert.equal(JSON.parse(result.stdout).Code, 'ResourceDirectoryNotInUse');
  });

  test('call --help lists the Actions with their parameters from the catalog', async () => {
    const result = await canopy(['call', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /ListAccounts .*PageSize/);
    assert.match(result.stdout, /EnableResourceDirectory .*EnableMode.*VerificationCode/);
    const one = await canopy(['call', 'EnableResourceDirectory', '--help']);
    assert.match(one.stdout, /EnableMode \(required\)\n {2}MAName\n/);
  });
});

describe('commands for what needed curl', () => {
  let harness: Harness;
  before(async () => (harness = await startServer()));
  after(() => harness.close());
  const url = () => ['--url', harness.url];

  test('health, clock, clock advance, reset', async () => {
    const health = await canopy(['health', ...url()]);
    assert.equal(health.code, 0, health.stderr);
    assert.equal(JSON.parse(health.stdout).status, 'ok');
    const advanced = await canopy(['clock', 'advance', '90', ...url()]);
    assert.equal(advanced.code, 0, advanced.stderr);
    assert.equal(JSON.parse(advanced.stdout).offsetSeconds, 90);
    const clock = await canopy(['clock', ...url()]);
    assert.equal(JSON.parse(clock.stdout).offsetSeconds, 90);
    const bad = await canopy(['clock', 'advance', 'soon', ...url()]);
    assert.equal(bad.code, 2);
    oneLine(bad.stderr);

    await harness.createAccount();
    const reset = await canopy(['reset', ...url()]);
    assert.equal(reset.code, 0, reset.stderr);
    const accounts = await canopy(['accounts', 'list', ...url()]);
    assert.deepEqual(JSON.parse(accounts.stdout).accounts, []);
    assert.equal(JSON.parse((await canopy(['clock', ...url()])).stdout).offsetSeconds, 0);
  });

  test('quick start: inbox --latest --code-only, the new management account hint, keys create', async () => {
    const created = await canopy(['accounts', 'create', '--secure-phone', '1-2025550123', ...url()]);
    const account = JSON.parse(created.stdout);
    const keys = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: account.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: account.accessKeySecret,
      CANOPY_URL: harness.url,
    };
    await canopy(['call', 'SendVerificationCodeForEnableRD', 'SecureMobilePhone=1-2025550123'], keys);
    const code = await canopy(['inbox', '--latest', '--code-only', '--phone', '1-2025550123', ...url()]);
    assert.equal(code.code, 0, code.stderr);
    assert.match(code.stdout, /^\d{6}\n$/);

    const enabled = await canopy(
      [
        'call',
        'EnableResourceDirectory',
        'EnableMode=NewManagementAccount',
        'MAName=ops@rdadmin.aliyunid.com',
        `VerificationCode=${code.stdout.trim()}`,
      ],
      keys,
    );
    assert.equal(enabled.code, 0, enabled.stdout + enabled.stderr);
    const masterId = JSON.parse(enabled.stdout).ResourceDirectory.MasterAccountId;
    assert.match(enabled.stderr, new RegExp(`canopy keys create --account ${masterId}`));

    const exported = await canopy(['keys', 'create', '--account', masterId, '--output', 'env', ...url()]);
    assert.equal(exported.code, 0, exported.stderr);
    const vars = Object.fromEntries(
      exported.stdout
        .trim()
        .split('\n')
        .map((line) => /^export (\w+)=(.*)$/.exec(line)!.slice(1) as [string, string]),
    );
    const asMaster = await canopy(['call', 'GetResourceDirectory'], { ...vars, CANOPY_URL: harness.url });
    assert.equal(asMaster.code, 0, asMaster.stdout);
    assert.equal(JSON.parse(asMaster.stdout).ResourceDirectory.MasterAccountId, masterId);

    const json = await canopy(['keys', 'create', '--account', masterId, '--ram-user', 'ops', ...url()]);
    assert.equal(JSON.parse(json.stdout).ramUser, 'ops');
    const none = await canopy(['inbox', '--latest', '--code-only', '--phone', '44-7911123456', ...url()]);
    assert.equal(none.code, 4);
    oneLine(none.stderr);
  });

  test('trusted-services enable and disable: what ListTrustedServiceStatus lists', async () => {
    const manager = await harness.createAccount();
    const keys = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: manager.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: manager.accessKeySecret,
      CANOPY_URL: harness.url,
    };
    const rdId = JSON.parse((await canopy(['call', 'InitResourceDirectory'], keys)).stdout).ResourceDirectory.ResourceDirectoryId;
    const enabled = await canopy(['trusted-services', 'enable', rdId, 'config.aliyuncs.com', ...url()]);
    assert.equal(enabled.code, 0, enabled.stderr);
    assert.equal(JSON.parse(enabled.stdout).accountId, manager.accountId);
    const status = JSON.parse((await canopy(['call', 'ListTrustedServiceStatus'], keys)).stdout);
    assert.equal(status.EnabledServicePrincipals.EnabledServicePrincipal[0].ServicePrincipal, 'config.aliyuncs.com');
    const disabled = await canopy(['trusted-services', 'disable', rdId, 'config.aliyuncs.com', ...url()]);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.equal(JSON.parse((await canopy(['call', 'ListTrustedServiceStatus'], keys)).stdout).TotalCount, 0);
    const unknown = await canopy(['trusted-services', 'enable', rdId, 'nothing.aliyuncs.com', ...url()]);
    assert.equal(unknown.code, 4);
    assert.match(oneLine(unknown.stderr), /not a trusted service/);
  });

  test('piped output is JSON; --output table prints a table', async () => {
    await harness.createAccount();
    const piped = await canopy(['accounts', 'list', ...url()]);
    assert.ok(Array.isArray(JSON.parse(piped.stdout).accounts));
    const table = await canopy(['accounts', 'list', '--output', 'table', ...url()]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout.split('\n')[0]!, /accountId\s+accountName/);
    assert.throws(() => JSON.parse(table.stdout));
  });
});
