import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectApiError, models, sdkClient, startServer, type Harness, type TestAccount } from '../helpers/harness.js';

const PHONE = '44-7911123456';
const OTHER_PHONE = '1-2025550177';

type Client = ReturnType<typeof sdkClient>;

interface Manager {
  root: TestAccount;
  ram: TestAccount;
  rootClient: Client;
  ramClient: Client;
}

/** A management account (root key, via InitResourceDirectory) and a key of one of its RAM users. */
async function newManager(harness: Harness, ramUser = 'rd-operator'): Promise<Manager> {
  const root = await harness.createAccount();
  const rootClient = sdkClient(harness, root);
  await rootClient.initResourceDirectory();
  const key = await harness.admin('POST', `/_canopy/accounts/${root.accountId}/access-keys`, { ramUser });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  assert.equal(key.body.ramUser, ramUser);
  const ram: TestAccount = {
    accountId: root.accountId,
    accountName: root.accountName,
    accessKeyId: key.body.accessKeyId,
    accessKeySecret: key.body.accessKeySecret,
  };
  return { root, ram, rootClient, ramClient: sdkClient(harness, ram) };
}

const createResourceAccount = async (m: Manager, displayName: string) =>
  (await m.ramClient.createResourceAccount(new models.CreateResourceAccountRequest({ displayName }))).body!.account!.accountId!;

const sendCode = (client: Client, accountId: string | undefined, phone: string | undefined) =>
  client.sendVerificationCodeForBindSecureMobilePhone(
    new models.SendVerificationCodeForBindSecureMobilePhoneRequest({ accountId, secureMobilePhone: phone }),
  );

const bind = (client: Client, accountId: string | undefined, phone: string | undefined, code: string | undefined) =>
  client.bindSecureMobilePhone(new models.BindSecureMobilePhoneRequest({ accountId, secureMobilePhone: phone, verificationCode: code }));

async function bindCode(harness: Harness, accountId: string): Promise<string> {
  const query = new URLSearchParams({ purpose: 'BindSecureMobilePhone', accountId });
  const response = await harness.admin('GET', `/_canopy/messages?${query}`);
  assert.equal(response.status, 200);
  const message = response.body.messages[0];
  assert.ok(message?.code, `no bind code in the inbox for ${accountId}`);
  assert.equal(message.purpose, 'BindSecureMobilePhone');
  return message.code;
}

describe('phone binding through the official SDK', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('happy path: a RAM user of the MA sends a code, reads it from the inbox, binds; GetAccount and the admin list show the phone', async () => {
    const m = await newManager(harness);
    const memberId = await createResourceAccount(m, 'Bind Me');
    const sent = await sendCode(m.ramClient, memberId, PHONE);
    assert.match(sent.body!.requestId!, /^[0-9A-F-]{36}$/);
    const expiration = sent.body!.expirationDate!;
    assert.match(expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.parse(expiration) > Date.now(), 'the code expires in the future');

    const code = await bindCode(harness, memberId);
    const bound = await bind(m.ramClient, memberId, PHONE, code);
    assert.match(bound.body!.requestId!, /^[0-9A-F-]{36}$/);

    const got = (await m.ramClient.getAccount(new models.GetAccountRequest({ accountId: memberId }))).body!.account!;
    assert.equal(got.accountId, memberId);
    const listed = (await harness.admin('GET', '/_canopy/accounts')).body.accounts.find(
      (a: { accountId: string }) => a.accountId === memberId,
    );
    assert.equal(listed.securePhone, PHONE);

    // Single use: the same code does not bind again (and the member now has a phone anyway).
    await expectApiError(() => bind(m.ramClient, memberId, PHONE, code), 409, 'AccountSecureMobileAlreadyExists');
  });

  test('admin: no body keeps the root key; ramUser is validated; unknown accounts are 404', async () => {
    const owner = await harness.createAccount();
    const rootKey = await harness.admin('POST', `/_canopy/accounts/${owner.accountId}/access-keys`);
    assert.equal(rootKey.status, 201);
    assert.deepEqual(Object.keys(rootKey.body).sort(), ['accessKeyId', 'accessKeySecret']);
    for (const ramUser of ['', 'has space', 'x'.repeat(65), 'semi;colon']) {
      const refused = await harness.admin('POST', `/_canopy/accounts/${owner.accountId}/access-keys`, { ramUser });
      assert.equal(refused.status, 400, `ramUser ${JSON.stringify(ramUser)}`);
    }
    assert.equal((await harness.admin('POST', `/_canopy/accounts/${owner.accountId}/access-keys`, { ramUser: 'a', other: 1 })).status, 400);
    const ok = await harness.admin('POST', `/_canopy/accounts/${owner.accountId}/access-keys`, { ramUser: 'Ops.User_1-x@corp' });
    assert.equal(ok.status, 201);
    assert.deepEqual(Object.keys(ok.body).sort(), ['accessKeyId', 'accessKeySecret', 'ramUser']);
    assert.equal((await harness.admin('POST', '/_canopy/accounts/9999999999999999/access-keys', { ramUser: 'ops' })).status, 404);
    const accounts = (await harness.admin('GET', '/_canopy/accounts')).body.accounts;
    assert.ok(accounts.every((a: Record<string, unknown>) => !('accessKeySecret' in a)));
  });

  test('a RAM user key acts as its account for the other operations', async () => {
    const m = await newManager(harness);
    const rd = (await m.ramClient.getResourceDirectory()).body!.resourceDirectory!;
    assert.equal(rd.masterAccountId, m.root.accountId);
  });

  describe('documented errors', () => {
    let m: Manager;
    let memberId: string;
    before(async () => {
      m = await newManager(harness);
      memberId = await createResourceAccount(m, 'Errors Member');
    });

    test('409 CallerIdentityError for the root credentials of the management account', async () => {
      await expectApiError(() => sendCode(m.rootClient, memberId, PHONE), 409, 'CallerIdentityError');
      await expectApiError(() => bind(m.rootClient, memberId, PHONE, '123456'), 409, 'CallerIdentityError');
    });

    test("409 CallerIdentityError for a member's keys (root or RAM user)", async () => {
      const other = await newManager(harness, 'member-ops');
      const invitee = await harness.createAccount();
      const handshake = (
        await other.ramClient.inviteAccountToResourceDirectory(
          new models.InviteAccountToResourceDirectoryRequest({ targetEntity: invitee.accountId, targetType: 'Account' }),
        )
      ).body!.handshake!;
      await sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshake.handshakeId }));
      const inviteeRam = await harness.admin('POST', `/_canopy/accounts/${invitee.accountId}/access-keys`, { ramUser: 'ops' });
      const ramClient = sdkClient(harness, { ...invitee, ...inviteeRam.body });
      await expectApiError(() => sendCode(sdkClient(harness, invitee), memberId, PHONE), 409, 'CallerIdentityError');
      await expectApiError(() => bind(ramClient, memberId, PHONE, '123456'), 409, 'CallerIdentityError');
    });

    test('404 EntityNotExists.ResourceDirectory for an account that manages no directory', async () => {
      const standalone = await harness.createAccount();
      const key = await harness.admin('POST', `/_canopy/accounts/${standalone.accountId}/access-keys`, { ramUser: 'ops' });
      const client = sdkClient(harness, { ...standalone, ...key.body });
      await expectApiError(() => sendCode(client, memberId, PHONE), 404, 'EntityNotExists.ResourceDirectory');
      await expectApiError(() => bind(client, memberId, PHONE, '123456'), 404, 'EntityNotExists.ResourceDirectory');
    });

    test('400 MissingParameter.AccountId / InvalidParameter.AccountId', async () => {
      await expectApiError(() => sendCode(m.ramClient, undefined, PHONE), 400, 'MissingParameter.AccountId');
      await expectApiError(() => sendCode(m.ramClient, '12345', PHONE), 400, 'InvalidParameter.AccountId');
      await expectApiError(() => bind(m.ramClient, undefined, PHONE, '123456'), 400, 'MissingParameter.AccountId');
      await expectApiError(() => bind(m.ramClient, 'abcdabcdabcdabcd', PHONE, '123456'), 400, 'InvalidParameter.AccountId');
    });

    test('400 MissingParameter / InvalidParameter for SecureMobilePhone and VerificationCode', async () => {
      await expectApiError(() => sendCode(m.ramClient, memberId, undefined), 400, 'MissingParameter');
      await expectApiError(() => sendCode(m.ramClient, memberId, 'not-a-phone'), 400, 'InvalidParameter');
      await expectApiError(() => bind(m.ramClient, memberId, PHONE, undefined), 400, 'MissingParameter');
      await expectApiError(() => bind(m.ramClient, memberId, '12', '123456'), 400, 'InvalidParameter');
    });

    test('409 InvalidParameter.MobileCountryCode for 86 on the international site and unknown codes', async () => {
      await expectApiError(() => sendCode(m.ramClient, memberId, '86-13800138000'), 409, 'InvalidParameter.MobileCountryCode');
      await expectApiError(() => sendCode(m.ramClient, memberId, '999-1234567'), 409, 'InvalidParameter.MobileCountryCode');
      await expectApiError(() => bind(m.ramClient, memberId, '86-13800138000', '123456'), 409, 'InvalidParameter.MobileCountryCode');
    });

    test('404 EntityNotExists.Account for an account outside the directory', async () => {
      const outsider = await harness.createAccount();
      await expectApiError(() => sendCode(m.ramClient, outsider.accountId, PHONE), 404, 'EntityNotExists.Account');
      await expectApiError(() => bind(m.ramClient, '1000000000000000', PHONE, '123456'), 404, 'EntityNotExists.Account');
    });

    test('409 AccountTypeMismatch for a CloudAccount member and for the management account', async () => {
      const invitee = await harness.createAccount({ securePhone: undefined });
      const handshake = (
        await m.ramClient.inviteAccountToResourceDirectory(
          new models.InviteAccountToResourceDirectoryRequest({ targetEntity: invitee.accountId, targetType: 'Account' }),
        )
      ).body!.handshake!;
      await sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshake.handshakeId }));
      await expectApiError(() => sendCode(m.ramClient, invitee.accountId, PHONE), 409, 'AccountTypeMismatch');
      await expectApiError(() => bind(m.ramClient, invitee.accountId, PHONE, '123456'), 409, 'AccountTypeMismatch');
      await expectApiError(() => sendCode(m.ramClient, m.root.accountId, PHONE), 409, 'AccountTypeMismatch');
    });

    test('409 Invalid.VerificationCode: wrong code, no code, a code sent to another phone', async () => {
      const target = await createResourceAccount(m, 'Wrong Codes');
      await expectApiError(() => bind(m.ramClient, target, PHONE, '000000'), 409, 'Invalid.VerificationCode');
      await sendCode(m.ramClient, target, PHONE);
      const code = await bindCode(harness, target);
      const wrong = code === '999999' ? '999998' : '999999';
      await expectApiError(() => bind(m.ramClient, target, PHONE, wrong), 409, 'Invalid.VerificationCode');
      await expectApiError(() => bind(m.ramClient, target, OTHER_PHONE, code), 409, 'Invalid.VerificationCode');
      // Expired codes are refused too.
      await harness.advanceClock(3600);
      await expectApiError(() => bind(m.ramClient, target, PHONE, code), 409, 'Invalid.VerificationCode');
      // A fresh code still binds.
      await sendCode(m.ramClient, target, PHONE);
      await bind(m.ramClient, target, PHONE, await bindCode(harness, target));
    });

    test('409 AccountSecureMobileAlreadyExists after a bind, on send and on bind', async () => {
      const target = await createResourceAccount(m, 'Already Bound');
      await sendCode(m.ramClient, target, PHONE);
      await bind(m.ramClient, target, PHONE, await bindCode(harness, target));
      await expectApiError(() => sendCode(m.ramClient, target, OTHER_PHONE), 409, 'AccountSecureMobileAlreadyExists');
      await expectApiError(() => bind(m.ramClient, target, OTHER_PHONE, '123456'), 409, 'AccountSecureMobileAlreadyExists');
    });

    test('409 SendValidateCodeExceedsLimitForAccount after 100 codes to one member in a day; other members unaffected', async () => {
      const target = await createResourceAccount(m, 'Quota Member');
      for (let i = 0; i < 100; i++) await sendCode(m.ramClient, target, PHONE);
      await expectApiError(() => sendCode(m.ramClient, target, PHONE), 409, 'SendValidateCodeExceedsLimitForAccount');
      await expectApiError(() => sendCode(m.ramClient, target, OTHER_PHONE), 409, 'SendValidateCodeExceedsLimitForAccount');
      const another = await createResourceAccount(m, 'Quota Other');
      await sendCode(m.ramClient, another, PHONE);
      // The codes already sent still bind.
      await bind(m.ramClient, target, PHONE, await bindCode(harness, target));
    });
  });
});
