import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectApiError, models, popClient, sdkClient, startServer, type Harness, type TestAccount } from '../helpers/harness.js';

const PHONE = '1-2025550123';
const OTHER_PHONE = '44-7911123456';

/** Every documented error of the five enablement operations, reached through the official clients. */
describe('documented errors of the enablement operations', () => {
  let harness: Harness;
  let member: TestAccount;
  let master: TestAccount;
  before(async () => {
    harness = await startServer();
    // A member (the caller of a NewManagementAccount enable) and the management account it created.
    member = await harness.createAccount();
    const client = sdkClient(harness, member);
    await client.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({}));
    const code = await harness.latestCode(PHONE, member.accountId);
    const enabled = await client.enableResourceDirectory(
      new models.EnableResourceDirectoryRequest({
        enableMode: 'NewManagementAccount',
        MAName: 'errors@rdadmin.aliyunid.com',
        verificationCode: code,
      }),
    );
    const masterId = enabled.body!.resourceDirectory!.masterAccountId!;
    const keys = await harness.admin('POST', `/_canopy/accounts/${masterId}/access-keys`);
    master = { accountId: masterId, accountName: 'errors@rdadmin.aliyunid.com', ...keys.body };
  });
  after(() => harness.close());

  const send = (account: TestAccount, phone?: string, scheme: 'V3' | 'V1' = 'V3') =>
    sdkClient(harness, account, scheme).sendVerificationCodeForEnableRD(
      new models.SendVerificationCodeForEnableRDRequest(phone === undefined ? {} : { secureMobilePhone: phone }),
    );
  const enable = (account: TestAccount, request: Record<string, unknown>) =>
    sdkClient(harness, account).enableResourceDirectory(new models.EnableResourceDirectoryRequest(request));
  const newMa = (name: string, code: string, phone?: string) => ({
    enableMode: 'NewManagementAccount',
    MAName: name,
    verificationCode: code,
    ...(phone ? { MASecureMobilePhone: phone } : {}),
  });

  describe('SendVerificationCodeForEnableRD', () => {
    test('409 NotSupport.AccountInAnotherResourceDirectory for a member', () =>
      expectApiError(() => send(member, PHONE), 409, 'NotSupport.AccountInAnotherResourceDirectory'));
    test('409 EntityAlreadyExists.ResourceDirectory for a management account', () =>
      expectApiError(() => send(master, PHONE, 'V1'), 409, 'EntityAlreadyExists.ResourceDirectory'));
    test('the membership refusal comes before the phone check (the membership is read with the quota statement)', async () => {
      await expectApiError(() => send(member, '86-13800138000'), 409, 'NotSupport.AccountInAnotherResourceDirectory');
      await expectApiError(() => send(master, '1-12'), 409, 'EntityAlreadyExists.ResourceDirectory');
    });
    test('409 InvalidParameter.MobileCountryCode for 86 on the international site and unknown codes', async () => {
      const caller = await harness.createAccount();
      await expectApiError(() => send(caller, '86-13800138000'), 409, 'InvalidParameter.MobileCountryCode');
      await expectApiError(() => send(caller, '999-1234567'), 409, 'InvalidParameter.MobileCountryCode');
    });
    test('409 SendValidateCodeExceedsLimitForAccount after 100 codes in a day', async () => {
      const caller = await harness.createAccount();
      for (let i = 0; i < 100; i++) await send(caller, PHONE);
      await expectApiError(() => send(caller, OTHER_PHONE), 409, 'SendValidateCodeExceedsLimitForAccount');
      const inbox = await harness.admin('GET', `/_canopy/messages?accountId=${caller.accountId}&limit=1000`);
      assert.equal(inbox.body.messages.length, 100);
    });
    test('409 MissingSecureMobilePhone with no parameter and no bound phone', async () => {
      const caller = await harness.createAccount({ securePhone: undefined });
      const bare = await harness.admin('POST', '/_canopy/accounts', {});
      await expectApiError(() => send(bare.body), 409, 'MissingSecureMobilePhone');
      assert.ok(caller);
    });
    test('400 InvalidParameter for a malformed phone', async () => {
      const caller = await harness.createAccount();
      for (const phone of ['12025550123', '1-abc', '+1-2025550123', '1-123']) {
        await expectApiError(() => send(caller, phone), 400, 'InvalidParameter');
      }
    });
  });

  describe('EnableResourceDirectory', () => {
    test('409 NotSupport.AccountInAnotherResourceDirectory for a member', () =>
      expectApiError(() => enable(member, { enableMode: 'CurrentAccount' }), 409, 'NotSupport.AccountInAnotherResourceDirectory'));
    test('409 EntityAlreadyExists.ResourceDirectory for a management account', () =>
      expectApiError(() => enable(master, { enableMode: 'CurrentAccount' }), 409, 'EntityAlreadyExists.ResourceDirectory'));
    test('409 EnterpriseRealNameVerificationError without enterprise verification', async () => {
      const caller = await harness.createAccount({ enterpriseVerified: false });
      await expectApiError(() => enable(caller, { enableMode: 'CurrentAccount' }), 409, 'EnterpriseRealNameVerificationError');
    });
    test('409 Invalid.EnterpriseName without an enterprise name', async () => {
      const caller = await harness.createAccount({ enterpriseName: '' });
      await expectApiError(() => enable(caller, { enableMode: 'CurrentAccount' }), 409, 'Invalid.EnterpriseName');
    });
    test('409 MissingSecurityInfo: CurrentAccount without a bound phone', async () => {
      const bare = (await harness.admin('POST', '/_canopy/accounts', {})).body;
      await expectApiError(() => enable(bare, { enableMode: 'CurrentAccount' }), 409, 'MissingSecurityInfo');
    });
    test('409 MissingSecureMobilePhone: NewManagementAccount with no phone anywhere', async () => {
      const bare = (await harness.admin('POST', '/_canopy/accounts', {})).body;
      await expectApiError(() => enable(bare, newMa('nophone@rdadmin.aliyunid.com', '123456')), 409, 'MissingSecureMobilePhone');
    });
    test('409 InvalidParameter.ManagementAccountName for a badly formed name', async () => {
      const caller = await harness.createAccount();
      for (const name of ['a@rdadmin.aliyunid.com', 'bad..name@rdadmin.aliyunid.com', 'ok-name@example.com', '-x1@rdadmin.aliyunid.com']) {
        await expectApiError(() => enable(caller, newMa(name, '123456')), 409, 'InvalidParameter.ManagementAccountName');
      }
    });
    test('409 InvalidParameter.ManagementAccountName.AlreadyUsed for a taken name', async () => {
      await harness.createAccount({ accountName: 'taken@rdadmin.aliyunid.com' });
      const caller = await harness.createAccount();
      await expectApiError(
        () => enable(caller, newMa('taken@rdadmin.aliyunid.com', '123456')),
        409,
        'InvalidParameter.ManagementAccountName.AlreadyUsed',
      );
    });
    test('409 Invalid.VerificationCode for a wrong code and for a phone with no code', async () => {
      const caller = await harness.createAccount();
      await expectApiError(() => enable(caller, newMa('nocode@rdadmin.aliyunid.com', '123456')), 409, 'Invalid.VerificationCode');
      await send(caller, PHONE);
      const code = await harness.latestCode(PHONE, caller.accountId);
      const wrong = code === '000000' ? '000001' : '000000';
      await expectApiError(() => enable(caller, newMa('wrong@rdadmin.aliyunid.com', wrong)), 409, 'Invalid.VerificationCode');
    });
    test('409 InvalidParameter.ManagementAccountSecurityInfo when the phone differs from the one the code went to', async () => {
      const caller = await harness.createAccount();
      await send(caller, PHONE);
      const code = await harness.latestCode(PHONE, caller.accountId);
      await expectApiError(
        () => enable(caller, newMa('phone@rdadmin.aliyunid.com', code, OTHER_PHONE)),
        409,
        'InvalidParameter.ManagementAccountSecurityInfo',
      );
    });
    test('400 MissingParameter / InvalidParameter for the request parameters', async () => {
      const caller = await harness.createAccount();
      const pop = popClient(harness, caller, 'POST');
      await expectApiError(() => pop.request('EnableResourceDirectory', {}), 400, 'MissingParameter');
      await expectApiError(() => pop.request('EnableResourceDirectory', { EnableMode: 'Sideways' }), 400, 'InvalidParameter');
      await expectApiError(
        () => pop.request('EnableResourceDirectory', { EnableMode: 'NewManagementAccount', VerificationCode: '1' }),
        400,
        'MissingParameter',
      );
      await expectApiError(
        () => pop.request('EnableResourceDirectory', { EnableMode: 'CurrentAccount', DryRun: 'maybe' }),
        400,
        'InvalidParameter',
      );
    });
  });

  describe('InitResourceDirectory', () => {
    const init = (account: TestAccount) => sdkClient(harness, account).initResourceDirectory();
    test('409 NotSupport.AccountInAnotherResourceDirectory for a member', () =>
      expectApiError(() => init(member), 409, 'NotSupport.AccountInAnotherResourceDirectory'));
    test('409 EntityAlreadyExists.ResourceDirectory for a management account', () =>
      expectApiError(() => init(master), 409, 'EntityAlreadyExists.ResourceDirectory'));
    test('409 EnterpriseRealNameVerificationError', async () =>
      expectApiError(
        async () => init(await harness.createAccount({ enterpriseVerified: false })),
        409,
        'EnterpriseRealNameVerificationError',
      ));
    test('409 Invalid.EnterpriseName', async () =>
      expectApiError(async () => init(await harness.createAccount({ enterpriseName: ' ' })), 409, 'Invalid.EnterpriseName'));
    test('409 Invalid.AccountType for reseller and virtual-operator accounts', async () => {
      await expectApiError(async () => init(await harness.createAccount({ profileType: 'reseller' })), 409, 'Invalid.AccountType');
      await expectApiError(async () => init(await harness.createAccount({ profileType: 'virtual-operator' })), 409, 'Invalid.AccountType');
    });
  });

  describe('GetResourceDirectory and DestroyResourceDirectory', () => {
    test('404 ResourceDirectoryNotInUse for a standalone account', async () =>
      expectApiError(
        async () => sdkClient(harness, await harness.createAccount()).getResourceDirectory(),
        404,
        'ResourceDirectoryNotInUse',
      ));
    test('404 EntityNotExists.ResourceDirectory for a standalone account and for a member', async () => {
      await expectApiError(
        async () => sdkClient(harness, await harness.createAccount(), 'V1').destroyResourceDirectory(),
        404,
        'EntityNotExists.ResourceDirectory',
      );
      await expectApiError(() => sdkClient(harness, member).destroyResourceDirectory(), 404, 'EntityNotExists.ResourceDirectory');
    });
    test('409 DeleteConflict.ResourceDirectory.Account while members remain', () =>
      expectApiError(() => sdkClient(harness, master).destroyResourceDirectory(), 409, 'DeleteConflict.ResourceDirectory.Account'));
    test('409 DeleteConflict.ResourceDirectory.Folder while folders other than Root remain', async () => {
      const owner = await harness.createAccount();
      const rd = (await sdkClient(harness, owner).initResourceDirectory()).body!.resourceDirectory!;
      await harness.canopy.store.transaction((tx) =>
        tx.directories.insertFolder({
          id: 'fd-conflict01',
          directoryId: rd.resourceDirectoryId!,
          name: 'apps',
          parentId: rd.rootFolderId!,
          createdAt: new Date(),
        }),
      );
      await expectApiError(() => sdkClient(harness, owner).destroyResourceDirectory(), 409, 'DeleteConflict.ResourceDirectory.Folder');
    });
  });
});

describe('China site rules', () => {
  let harness: Harness;
  before(async () => (harness = await startServer({ CANOPY_SITE: 'china' })));
  after(() => harness.close());

  test('only 86 numbers are accepted, others get 409 InvalidParameter.MobileCountryCode', async () => {
    const caller = await harness.createAccount({ securePhone: '86-13800138000' });
    const client = sdkClient(harness, caller);
    await client.sendVerificationCodeForEnableRD(
      new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: '86-13800138000' }),
    );
    await expectApiError(
      () => client.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: PHONE })),
      409,
      'InvalidParameter.MobileCountryCode',
    );
  });

  test('InitResourceDirectory: 409 NotSupport.Account.Site for an international-site account', async () => {
    const caller = await harness.createAccount({ site: 'international', securePhone: '86-13800138000' });
    await expectApiError(() => sdkClient(harness, caller).initResourceDirectory(), 409, 'NotSupport.Account.Site');
    const local = await harness.createAccount({ securePhone: '86-13800138000' });
    const rd = await sdkClient(harness, local).initResourceDirectory();
    assert.equal(rd.body!.resourceDirectory!.masterAccountId, local.accountId);
  });
});
