import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  expectDocumentedStatus,
  type Harness,
  type Manager,
  models,
  newManager,
  newResourceAccount,
  rdmClient,
  sdkClient,
  startServer,
  type TestAccount,
} from '../helpers/harness.js';

type Version = '2020-03-31' | '2022-04-19';
type Scheme = 'V3' | 'V1';
const CALLERS: readonly [Version, Scheme][] = [
  ['2020-03-31', 'V3'],
  ['2020-03-31', 'V1'],
  ['2022-04-19', 'V3'],
];
const CONFIG = 'config.aliyuncs.com';
const TAG = 'tag.aliyuncs.com';

type Params = Record<string, string>;

/** One Action in one version and signature: the typed SDK for 2020-03-31, the generic client for 2022-04-19. */
function call(harness: Harness, account: TestAccount, [version, scheme]: [Version, Scheme], action: string, params: Params = {}) {
  if (version === '2022-04-19') return rdmClient(harness, account, scheme).request(action, params);
  const client = sdkClient(harness, account, scheme);
  const pair = { accountId: params['AccountId'], servicePrincipal: params['ServicePrincipal'] };
  switch (action) {
    case 'RegisterDelegatedAdministrator':
      return client.registerDelegatedAdministrator(new models.RegisterDelegatedAdministratorRequest(pair));
    case 'DeregisterDelegatedAdministrator':
      return client.deregisterDelegatedAdministrator(new models.DeregisterDelegatedAdministratorRequest(pair));
    case 'ListTrustedServiceStatus':
      return client.listTrustedServiceStatus(new models.ListTrustedServiceStatusRequest({ adminAccountId: params['AdminAccountId'] }));
    case 'ListDelegatedAdministrators':
      return client.listDelegatedAdministrators(new models.ListDelegatedAdministratorsRequest({}));
    case 'ListDelegatedServicesForAccount':
      return client.listDelegatedServicesForAccount(new models.ListDelegatedServicesForAccountRequest({ accountId: params['AccountId'] }));
    case 'RemoveCloudAccount':
      return client.removeCloudAccount(new models.RemoveCloudAccountRequest({ accountId: params['AccountId'] }));
    case 'CheckAccountDelete':
      return client.checkAccountDelete(new models.CheckAccountDeleteRequest({ accountId: params['AccountId'] }));
    case 'DeleteAccount':
      return client.deleteAccount(new models.DeleteAccountRequest({ accountId: params['AccountId'] }));
    default:
      throw new Error(`no call for ${action}`);
  }
}

/** An invited cloud account that has accepted: the kind of member RemoveCloudAccount removes. */
async function joined(harness: Harness, m: Manager): Promise<TestAccount> {
  const invitee = await harness.createAccount();
  const request = new models.InviteAccountToResourceDirectoryRequest({ targetEntity: invitee.accountId, targetType: 'Account' });
  const handshake = (await m.client.inviteAccountToResourceDirectory(request)).body!.handshake!;
  await sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshake.handshakeId }));
  return invitee;
}

describe('documented errors of the delegated-administrator operations, both versions, V3 and V1', () => {
  let harness: Harness;
  let m: Manager;
  before(async () => {
    harness = await startServer();
    m = await newManager(harness);
  });
  after(() => harness.close());

  test('InvalidParameter.ServicePrincipal: not a trusted service that supports delegated administrators', async () => {
    const member = await newResourceAccount(m, 'Principal Errors');
    for (const caller of CALLERS) {
      for (const action of ['RegisterDelegatedAdministrator', 'DeregisterDelegatedAdministrator']) {
        for (const principal of ['nothing.aliyuncs.com', 'CONFIG.ALIYUNCS.COM', ' ']) {
          const at = { version: caller[0], action };
          const params = { AccountId: member, ServicePrincipal: principal };
          await expectDocumentedStatus(
            () => call(harness, m.account, caller, action, params),
            409,
            'InvalidParameter.ServicePrincipal',
            at,
          );
        }
      }
    }
  });

  test('AccountAlreadyRegistered, then AccountNotRegistered once it is gone', async () => {
    const member = await newResourceAccount(m, 'Twice Registered');
    const params = { AccountId: member, ServicePrincipal: TAG };
    await call(harness, m.account, CALLERS[0]!, 'RegisterDelegatedAdministrator', params);
    for (const caller of CALLERS) {
      const at = { version: caller[0], action: 'RegisterDelegatedAdministrator' };
      await expectDocumentedStatus(() => call(harness, m.account, caller, at.action, params), 409, 'AccountAlreadyRegistered', at);
    }
    await call(harness, m.account, CALLERS[0]!, 'DeregisterDelegatedAdministrator', params);
    for (const caller of CALLERS) {
      const at = { version: caller[0], action: 'DeregisterDelegatedAdministrator' };
      await expectDocumentedStatus(() => call(harness, m.account, caller, at.action, params), 409, 'AccountNotRegistered', at);
    }
    const never = { AccountId: await newResourceAccount(m, 'Never Registered'), ServicePrincipal: CONFIG };
    await expectDocumentedStatus(
      () => call(harness, m.account, CALLERS[0]!, 'DeregisterDelegatedAdministrator', never),
      409,
      'AccountNotRegistered',
      { version: '2020-03-31', action: 'DeregisterDelegatedAdministrator' },
    );
  });

  test("DelegatedAccountNumberExceeded at the service's maximum (Tag: two); a deregistration frees a place", async () => {
    const rd = await newManager(harness);
    const [a, b, c] = [await newResourceAccount(rd, 'Tag A'), await newResourceAccount(rd, 'Tag B'), await newResourceAccount(rd, 'Tag C')];
    await call(harness, rd.account, CALLERS[0]!, 'RegisterDelegatedAdministrator', { AccountId: a, ServicePrincipal: TAG });
    await call(harness, rd.account, CALLERS[2]!, 'RegisterDelegatedAdministrator', { AccountId: b, ServicePrincipal: TAG });
    for (const caller of CALLERS) {
      const at = { version: caller[0], action: 'RegisterDelegatedAdministrator' };
      const params = { AccountId: c, ServicePrincipal: TAG };
      await expectDocumentedStatus(() => call(harness, rd.account, caller, at.action, params), 409, 'DelegatedAccountNumberExceeded', at);
    }
    // Another service has its own count; another directory too.
    await call(harness, rd.account, CALLERS[1]!, 'RegisterDelegatedAdministrator', { AccountId: c, ServicePrincipal: CONFIG });
    await call(harness, m.account, CALLERS[0]!, 'RegisterDelegatedAdministrator', {
      AccountId: await newResourceAccount(m, 'Elsewhere'),
      ServicePrincipal: TAG,
    });
    await call(harness, rd.account, CALLERS[0]!, 'DeregisterDelegatedAdministrator', { AccountId: a, ServicePrincipal: TAG });
    await call(harness, rd.account, CALLERS[0]!, 'RegisterDelegatedAdministrator', { AccountId: c, ServicePrincipal: TAG });
  });

  test("each trusted service's own maximum of delegated administrators, as its documentation gives it (see trusted-services.ts)", async () => {
    const maxima: Record<string, number> = {
      'config.aliyuncs.com': 1,
      'actiontrail.aliyuncs.com': 1,
      'cloudfw.aliyuncs.com': 5,
      'resourcecenter.aliyuncs.com': 5,
      'ros.aliyuncs.com': 5,
      'tag.aliyuncs.com': 2,
    };
    const rd = await newManager(harness);
    const members: string[] = [];
    for (let i = 0; i <= Math.max(...Object.values(maxima)); i++) members.push(await newResourceAccount(rd, `Delegate ${i}`));
    for (const [service, maximum] of Object.entries(maxima)) {
      for (const member of members.slice(0, maximum)) {
        await call(harness, rd.account, CALLERS[0]!, 'RegisterDelegatedAdministrator', { AccountId: member, ServicePrincipal: service });
      }
      await expectDocumentedStatus(
        () =>
          call(harness, rd.account, CALLERS[0]!, 'RegisterDelegatedAdministrator', {
            AccountId: members[maximum]!,
            ServicePrincipal: service,
          }),
        409,
        'DelegatedAccountNumberExceeded',
        { version: '2020-03-31', action: 'RegisterDelegatedAdministrator' },
      );
    }
  });

  test('CannotRegisterMasterAsDelegatedAdministrator', async () => {
    for (const caller of CALLERS) {
      const at = { version: caller[0], action: 'RegisterDelegatedAdministrator' };
      const params = { AccountId: m.account.accountId, ServicePrincipal: CONFIG };
      await expectDocumentedStatus(
        () => call(harness, m.account, caller, at.action, params),
        409,
        'CannotRegisterMasterAsDelegatedAdministrator',
        at,
      );
    }
  });

  test('EntityNotExists.ResourceDirectory: members and standalone accounts administer nothing', async () => {
    const standalone = await harness.createAccount();
    const member = await joined(harness, m);
    const target = await newResourceAccount(m, 'Target');
    for (const caller of CALLERS) {
      for (const who of [standalone, member]) {
        const at = { version: caller[0], action: 'ListTrustedServiceStatus' };
        await expectDocumentedStatus(() => call(harness, who, caller, at.action), 404, 'EntityNotExists.ResourceDirectory', at);
        for (const action of [
          'RegisterDelegatedAdministrator',
          'DeregisterDelegatedAdministrator',
          'ListDelegatedAdministrators',
          'ListDelegatedServicesForAccount',
        ]) {
          const params = { AccountId: target, ServicePrincipal: CONFIG };
          await expectDocumentedStatus(() => call(harness, who, caller, action, params), 404, 'EntityNotExists.ResourceDirectory', {
            version: caller[0],
            action,
          });
        }
      }
    }
  });

  test('the accounts named must be members of the directory, and well formed', async () => {
    const outsider = await harness.createAccount();
    for (const caller of CALLERS) {
      for (const [action, params] of [
        ['RegisterDelegatedAdministrator', { AccountId: outsider.accountId, ServicePrincipal: CONFIG }],
        ['ListDelegatedServicesForAccount', { AccountId: outsider.accountId }],
        ['ListTrustedServiceStatus', { AdminAccountId: outsider.accountId }],
      ] as const) {
        const at = { version: caller[0], action };
        await expectDocumentedStatus(() => call(harness, m.account, caller, action, params), 404, 'EntityNotExists.Account', at);
      }
      const at = { version: caller[0], action: 'RegisterDelegatedAdministrator' };
      await expectDocumentedStatus(
        () => call(harness, m.account, caller, at.action, { AccountId: '12', ServicePrincipal: CONFIG }),
        400,
        'InvalidParameter.AccountId',
        at,
      );
      await expectDocumentedStatus(
        () => call(harness, m.account, caller, at.action, { AccountId: outsider.accountId }),
        400,
        'MissingParameter',
        at,
        ['ServicePrincipal'],
      );
    }
  });

  test('a delegated administrator cannot leave or be deleted: Deny.TrustedService, RemoveConfilctAccountAsDelegatedAdministator', async () => {
    const rd = await newManager(harness);
    await rd.client.setMemberDeletionPermission(new models.SetMemberDeletionPermissionRequest({ status: 'Enabled' }));
    const invited = await joined(harness, rd);
    const resource = await newResourceAccount(rd, 'Undeletable');
    for (const [accountId, principal] of [
      [invited.accountId, CONFIG],
      [invited.accountId, TAG],
      [resource, 'cloudfw.aliyuncs.com'],
    ] as const) {
      await call(harness, rd.account, CALLERS[0]!, 'RegisterDelegatedAdministrator', { AccountId: accountId, ServicePrincipal: principal });
    }

    for (const caller of CALLERS) {
      const at = { version: caller[0], action: 'RemoveCloudAccount' };
      const params = { AccountId: invited.accountId };
      await expectDocumentedStatus(() => call(harness, rd.account, caller, at.action, params), 409, 'Deny.TrustedService', at, [
        `${CONFIG}, ${TAG}`,
      ]);
      for (const action of ['CheckAccountDelete', 'DeleteAccount']) {
        await expectDocumentedStatus(
          () => call(harness, rd.account, caller, action, { AccountId: resource }),
          409,
          'RemoveConfilctAccountAsDelegatedAdministator',
          { version: caller[0], action },
        );
      }
    }

    // Once deregistered, both go.
    for (const principal of [CONFIG, TAG]) {
      await call(harness, rd.account, CALLERS[0]!, 'DeregisterDelegatedAdministrator', {
        AccountId: invited.accountId,
        ServicePrincipal: principal,
      });
    }
    await call(harness, rd.account, CALLERS[0]!, 'RemoveCloudAccount', { AccountId: invited.accountId });
    await call(harness, rd.account, CALLERS[0]!, 'DeregisterDelegatedAdministrator', {
      AccountId: resource,
      ServicePrincipal: 'cloudfw.aliyuncs.com',
    });
    await call(harness, rd.account, CALLERS[0]!, 'DeleteAccount', { AccountId: resource });
    const left = (await rd.client.listAccounts(new models.ListAccountsRequest({}))).body!.accounts!.account!.map((a) => a.accountId);
    assert.ok(!left.includes(invited.accountId));
  });
});
