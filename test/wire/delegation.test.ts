import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  apiClient,
  expectApiError,
  type Harness,
  models,
  newManager,
  newResourceAccount,
  rdmClient,
  REQUEST_ID,
  sdkClient,
  startServer,
  type TestAccount,
} from '../helpers/harness.js';

const CONFIG = 'config.aliyuncs.com';
const FIREWALL = 'cloudfw.aliyuncs.com';
const CENTER = 'resourcecenter.aliyuncs.com';
const TAG = 'tag.aliyuncs.com';
/** Documented: `"DelegationEnabledTime": "1616652684164"` (epoch milliseconds, a string), `"EnableTime": "2019-02-18T15:32:10.473Z"`. */
const EPOCH_MILLIS = /^\d{13}$/;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const register = (client: ReturnType<typeof sdkClient>, accountId: string, servicePrincipal: string) =>
  client.registerDelegatedAdministrator(new models.RegisterDelegatedAdministratorRequest({ accountId, servicePrincipal }));
const deregister = (client: ReturnType<typeof sdkClient>, accountId: string, servicePrincipal: string) =>
  client.deregisterDelegatedAdministrator(new models.DeregisterDelegatedAdministratorRequest({ accountId, servicePrincipal }));
const administrators = async (
  client: ReturnType<typeof sdkClient>,
  query: { servicePrincipal?: string; pageNumber?: number; pageSize?: number },
) => (await client.listDelegatedAdministrators(new models.ListDelegatedAdministratorsRequest(query))).body!;
const servicesOf = async (client: ReturnType<typeof sdkClient>, accountId: string) =>
  (await client.listDelegatedServicesForAccount(new models.ListDelegatedServicesForAccountRequest({ accountId }))).body!;
const trusted = async (
  client: ReturnType<typeof sdkClient>,
  query: { adminAccountId?: string; pageNumber?: number; pageSize?: number } = {},
) => (await client.listTrustedServiceStatus(new models.ListTrustedServiceStatusRequest(query))).body!;

/** A member's own root AccessKey, to call as that member. */
async function keyOf(harness: Harness, accountId: string): Promise<TestAccount> {
  const key = await harness.admin('POST', `/_canopy/accounts/${accountId}/access-keys`);
  assert.equal(key.status, 201, JSON.stringify(key.body));
  return { accountId, accountName: '', ...key.body };
}

describe('delegated administrators', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('register, list, list services, deregister: V3 and V1 signatures, both versions, the documented shapes', async () => {
    const m = await newManager(harness);
    const v1 = sdkClient(harness, m.account, 'V1');
    const rdm = rdmClient(harness, m.account);
    const auditor = await newResourceAccount(m, 'Auditor');
    const firewall = await newResourceAccount(m, 'Firewall Admin');

    const registered = (await register(m.client, auditor, CONFIG)).body!;
    assert.match(registered.requestId!, REQUEST_ID);
    assert.deepEqual(Object.keys(registered), ['requestId']);
    await harness.advanceClock(1);
    await register(v1, firewall, FIREWALL);
    await harness.advanceClock(1);
    assert.deepEqual(Object.keys(await rdm.request('RegisterDelegatedAdministrator', { AccountId: firewall, ServicePrincipal: CENTER })), [
      'RequestId',
    ]);
    await harness.advanceClock(1);
    await register(m.client, auditor, TAG);

    const first = await administrators(m.client, { pageSize: 2 });
    assert.equal(first.totalCount, 4);
    assert.equal(first.pageNumber, 1);
    assert.equal(first.pageSize, 2);
    const all = [...first.accounts!.account!, ...(await administrators(m.client, { pageSize: 2, pageNumber: 2 })).accounts!.account!];
    assert.deepEqual(
      all.map((a) => [a.accountId, a.servicePrincipal, a.displayName, a.joinMethod]),
      [
        [auditor, CONFIG, 'Auditor', 'created'],
        [firewall, FIREWALL, 'Firewall Admin', 'created'],
        [firewall, CENTER, 'Firewall Admin', 'created'],
        [auditor, TAG, 'Auditor', 'created'],
      ],
      'oldest registration first',
    );
    for (const a of all) assert.match(a.delegationEnabledTime!, EPOCH_MILLIS);
    const times = all.map((a) => Number(a.delegationEnabledTime));
    assert.deepEqual(
      times,
      [...times].sort((x, y) => x - y),
    );

    // The filter is exact: Terraform's own test expects nothing for `<principal>_fake`, and `$.Accounts.Account` present.
    assert.deepEqual(
      (await administrators(v1, { servicePrincipal: FIREWALL })).accounts!.account!.map((a) => a.accountId),
      [firewall],
    );
    const fake = await apiClient(harness, m.account, '2020-03-31').request('ListDelegatedAdministrators', {
      ServicePrincipal: `${FIREWALL}_fake`,
    });
    assert.deepEqual(fake['Accounts'], { Account: [] });
    assert.equal(fake['TotalCount'], 0);
    const viaRdm = await rdm.request('ListDelegatedAdministrators', { ServicePrincipal: CONFIG });
    assert.deepEqual(viaRdm['Accounts']['Account'], [
      {
        AccountId: auditor,
        DisplayName: 'Auditor',
        JoinMethod: 'created',
        ServicePrincipal: CONFIG,
        DelegationEnabledTime: all[0]!.delegationEnabledTime,
      },
    ]);

    const services = (await servicesOf(m.client, firewall)).delegatedServices!.delegatedService!;
    assert.deepEqual(
      services.map((s) => [s.servicePrincipal, s.status]),
      [
        [FIREWALL, 'DISABLED'],
        [CENTER, 'DISABLED'],
      ],
    );
    assert.equal(services[0]!.delegationEnabledTime, all[1]!.delegationEnabledTime);
    assert.equal(
      (await harness.admin('POST', `/_canopy/directories/${m.rdId}/trusted-services`, { servicePrincipal: FIREWALL })).status,
      201,
    );
    assert.equal(
      (await harness.admin('POST', `/_canopy/directories/${m.rdId}/trusted-services`, { servicePrincipal: CENTER, accountId: firewall }))
        .status,
      201,
    );
    const viaV1 = (await servicesOf(v1, firewall)).delegatedServices!.delegatedService!;
    assert.deepEqual(
      viaV1.map((s) => s.status),
      ['ENABLED', 'ENABLED'],
      'on for the management account, and on for the administrator itself',
    );
    const none = await rdm.request('ListDelegatedServicesForAccount', { AccountId: await newResourceAccount(m, 'Nobody') });
    assert.deepEqual(none['DelegatedServices'], { DelegatedService: [] });

    assert.deepEqual(Object.keys((await deregister(v1, firewall, FIREWALL)).body!), ['requestId']);
    await rdm.request('DeregisterDelegatedAdministrator', { AccountId: auditor, ServicePrincipal: TAG });
    assert.deepEqual(
      (await administrators(m.client, {})).accounts!.account!.map((a) => `${a.accountId}:${a.servicePrincipal}`),
      [`${auditor}:${CONFIG}`, `${firewall}:${CENTER}`],
    );
    await deregister(m.client, firewall, CENTER);
    assert.equal((await trusted(m.client, { adminAccountId: firewall })).totalCount, 0, 'what it turned on went with the registration');
    await register(m.client, firewall, FIREWALL);
    assert.equal((await administrators(m.client, { servicePrincipal: FIREWALL })).totalCount, 1, 'registered again after deregistering');
  });

  test('ListTrustedServiceStatus: what the admin API turned on, for the management account by default or AdminAccountId', async () => {
    const m = await newManager(harness);
    const admin = await newResourceAccount(m, 'Config Admin');
    await register(m.client, admin, CONFIG);
    const empty = await trusted(m.client);
    assert.equal(empty.totalCount, 0);
    assert.deepEqual(empty.enabledServicePrincipals?.enabledServicePrincipal ?? [], []);
    const raw = await apiClient(harness, m.account, '2020-03-31').request('ListTrustedServiceStatus');
    assert.deepEqual(raw['EnabledServicePrincipals'], { EnabledServicePrincipal: [] });

    const path = `/_canopy/directories/${m.rdId}/trusted-services`;
    const on = await harness.admin('POST', path, { servicePrincipal: CONFIG });
    assert.equal(on.status, 201, JSON.stringify(on.body));
    assert.equal(on.body.accountId, m.account.accountId);
    assert.equal(on.body.servicePrincipal, CONFIG);
    assert.match(on.body.enableTime, ISO_MILLIS);
    await harness.advanceClock(5);
    assert.equal(
      (await harness.admin('POST', path, { servicePrincipal: CONFIG })).body.enableTime,
      on.body.enableTime,
      'the first time is kept',
    );
    await harness.admin('POST', path, { servicePrincipal: 'actiontrail.aliyuncs.com' });

    const page = await trusted(m.client, { pageSize: 1 });
    assert.deepEqual([page.totalCount, page.pageNumber, page.pageSize], [2, 1, 1]);
    assert.deepEqual(
      page.enabledServicePrincipals!.enabledServicePrincipal!.map((e) => [e.servicePrincipal, e.enableTime]),
      [[CONFIG, on.body.enableTime]],
    );
    const second = await rdmClient(harness, m.account, 'V1').request('ListTrustedServiceStatus', { PageSize: '1', PageNumber: '2' });
    assert.equal(second['EnabledServicePrincipals']['EnabledServicePrincipal'][0]['ServicePrincipal'], 'actiontrail.aliyuncs.com');
    assert.match(second['EnabledServicePrincipals']['EnabledServicePrincipal'][0]['EnableTime'], ISO_MILLIS);
    assert.equal((await trusted(sdkClient(harness, m.account, 'V1'), { adminAccountId: m.account.accountId })).totalCount, 2);

    assert.equal((await trusted(m.client, { adminAccountId: admin })).totalCount, 0);
    assert.equal((await harness.admin('POST', path, { servicePrincipal: CONFIG, accountId: admin })).status, 201);
    assert.deepEqual(
      (await trusted(m.client, { adminAccountId: admin })).enabledServicePrincipals!.enabledServicePrincipal!.map(
        (e) => e.servicePrincipal,
      ),
      [CONFIG],
    );

    // What the admin API refuses.
    const refused = async (method: string, url: string, body: unknown, status: number, code: string) => {
      const answer = await harness.admin(method, url, body);
      assert.deepEqual([answer.status, answer.body?.code], [status, code], JSON.stringify(answer.body));
    };
    await refused('POST', path, { servicePrincipal: FIREWALL, accountId: admin }, 409, 'NotAdministrator');
    await refused('POST', path, { servicePrincipal: 'nothing.aliyuncs.com' }, 400, 'UnknownServicePrincipal');
    await refused('POST', '/_canopy/directories/rd-nothere/trusted-services', { servicePrincipal: CONFIG }, 404, 'DirectoryNotFound');
    await refused('POST', path, { servicePrincipal: CONFIG, accountId: 'not-an-id' }, 400, 'InvalidRequest');
    await refused('POST', path, {}, 400, 'InvalidRequest');

    assert.equal((await harness.admin('DELETE', `${path}/${CONFIG}?accountId=${admin}`)).status, 204);
    await refused('DELETE', `${path}/${CONFIG}?accountId=${admin}`, undefined, 404, 'NotEnabled');
    assert.equal((await harness.admin('DELETE', `${path}/${CONFIG}`)).status, 204);
    assert.deepEqual(
      (await trusted(m.client)).enabledServicePrincipals!.enabledServicePrincipal!.map((e) => e.servicePrincipal),
      ['actiontrail.aliyuncs.com'],
    );
  });

  test('a delegated administrator reads the structure and members, and nothing else; only while it is registered', async () => {
    const m = await newManager(harness);
    const folderId = (await m.client.createFolder(new models.CreateFolderRequest({ folderName: 'Security' }))).body!.folder!.folderId!;
    const other = await newResourceAccount(m, 'Someone Else');
    const adminId = await newResourceAccount(m, 'Delegated');
    const member = sdkClient(harness, await keyOf(harness, adminId));
    const memberRdm = rdmClient(harness, await keyOf(harness, adminId), 'V1');

    /** The operations the documentation allows a delegated administrator (docs/api.md, Trusted services and delegated administrators). */
    const allowed: Record<string, () => Promise<unknown>> = {
      GetFolder: () => member.getFolder(new models.GetFolderRequest({ folderId })),
      ListFoldersForParent: () => member.listFoldersForParent(new models.ListFoldersForParentRequest({ parentFolderId: m.rootId })),
      ListAncestors: () => member.listAncestors(new models.ListAncestorsRequest({ childId: folderId })),
      GetAccount: () => member.getAccount(new models.GetAccountRequest({ accountId: other })),
      ListAccounts: () => member.listAccounts(new models.ListAccountsRequest({})),
      ListAccountsForParent: () => member.listAccountsForParent(new models.ListAccountsForParentRequest({ parentFolderId: m.rootId })),
      ListTrustedServiceStatus: () => member.listTrustedServiceStatus(new models.ListTrustedServiceStatusRequest({})),
      ListDelegatedAdministrators: () => member.listDelegatedAdministrators(new models.ListDelegatedAdministratorsRequest({})),
      ListDelegatedServicesForAccount: () =>
        member.listDelegatedServicesForAccount(new models.ListDelegatedServicesForAccountRequest({ accountId: adminId })),
    };
    const refused: Record<string, () => Promise<unknown>> = {
      CreateFolder: () => member.createFolder(new models.CreateFolderRequest({ folderName: 'Mine' })),
      RegisterDelegatedAdministrator: () => register(member, other, FIREWALL),
      ListHandshakesForResourceDirectory: () => memberRdm.request('ListHandshakesForResourceDirectory'),
    };

    // Any member may read its directory; the rest is the management account's until it is registered.
    assert.equal((await member.getResourceDirectory()).body!.resourceDirectory!.resourceDirectoryId, m.rdId);
    for (const [name, call] of Object.entries(allowed)) {
      await assert.rejects(call, (e: any) => e.code === 'EntityNotExists.ResourceDirectory', `${name} before registration`);
    }

    await register(m.client, adminId, CONFIG);
    const answers: Record<string, any> = {};
    for (const [name, call] of Object.entries(allowed)) answers[name] = ((await call()) as { body: unknown }).body;
    assert.equal(answers['GetFolder'].folder.folderName, 'Security');
    assert.deepEqual(
      answers['ListFoldersForParent'].folders.folder.map((f: any) => f.folderId),
      [folderId],
    );
    assert.deepEqual(
      answers['ListAncestors'].folders.folder.map((f: any) => f.folderId),
      [m.rootId],
    );
    assert.equal(answers['GetAccount'].account.displayName, 'Someone Else');
    assert.equal(answers['ListAccounts'].totalCount, 3);
    assert.equal(answers['ListAccountsForParent'].totalCount, 3);
    assert.equal(answers['ListTrustedServiceStatus'].totalCount, 0);
    assert.deepEqual(
      answers['ListDelegatedAdministrators'].accounts.account.map((a: any) => a.accountId),
      [adminId],
    );
    assert.equal(answers['ListDelegatedServicesForAccount'].delegatedServices.delegatedService[0].servicePrincipal, CONFIG);
    assert.equal((await memberRdm.request('ListAccounts'))['TotalCount'], 3, 'also in 2022-04-19, with a V1 signature');
    for (const [name, call] of Object.entries(refused)) {
      await expectApiError(call, 404, 'EntityNotExists.ResourceDirectory').catch((error) => {
        throw new Error(`${name}: ${error.message}`);
      });
    }

    await deregister(m.client, adminId, CONFIG);
    await expectApiError(allowed['ListAccounts']!, 404, 'EntityNotExists.ResourceDirectory');
  });
});
