import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startServer } from '../helpers/harness.js';
import {
  asArray,
  asMap,
  isExpectedErrors,
  jsonpathGet,
  notFoundError,
  ResourceNotFound,
  sprint,
  WrappedError,
} from '../helpers/terraform-errors.js';
import { ResourceData } from '../helpers/terraform-sdk.js';
import { describeOrDrop, MINUTE, type Provider, rpcWithRetry } from '../helpers/terraform-services.js';
import { TeaSdkError } from '../helpers/terraform-wire.js';
import { strings } from './data-source-reads.js';
import { managedDirectory } from './setup.js';

/**
 * alicloud_resource_manager_delegated_administrator, replayed from
 * alicloud/resource_alicloud_resource_manager_delegated_administrator.go (Create, Read, Delete; import
 * is passthrough, then Read) over service_alicloud_resource_manager_v2.go
 * DescribeResourceManagerDelegatedAdministrator, and the data source
 * alicloud_resource_manager_delegated_administrators
 * (data_source_alicloud_resource_manager_delegated_administrators.go). The provider has no
 * delegated_services data source. Every call is RM (2020-03-31).
 */

const SCHEMA = { account_id: 'string', service_principal: 'string' } as const;
/** PageSizeLarge. */
const PAGE_SIZE = 50;

const rm = (p: Provider, action: string, body: Record<string, unknown>, timeoutMs: number, wait: readonly [number, number] = [3, 5]) =>
  rpcWithRetry(p, { product: 'ResourceManager', action, body, timeoutMs, codes: ['ConcurrentCallNotSupported'], wait });

/**
 * DescribeResourceManagerDelegatedAdministrator: ListDelegatedAdministrators for the ID's service,
 * 50 a page (NeedRetry only, 1 minute), `$.Accounts.Account` must be there; an empty page is NotFound,
 * otherwise the first item whose AccountId matches, paging on while pages are full.
 */
async function describeDelegatedAdministrator(p: Provider, id: string): Promise<Record<string, any>> {
  const [accountId, servicePrincipal] = id.split(':');
  const request: Record<string, unknown> = { ServicePrincipal: servicePrincipal, PageNumber: 1, PageSize: PAGE_SIZE };
  for (;;) {
    const response = await rpcWithRetry(p, {
      product: 'ResourceManager',
      action: 'ListDelegatedAdministrators',
      body: { ...request },
      timeoutMs: MINUTE,
    }).catch((err) => {
      throw new WrappedError('ListDelegatedAdministrators', err);
    });
    const list = jsonpathGet('$.Accounts.Account', response);
    if (!Array.isArray(list) || list.length < 1) throw new ResourceNotFound('DelegatedAdministrator', id);
    for (const item of list) if (sprint(asMap(item, 'Account')['AccountId']) === accountId) return item;
    if (list.length < PAGE_SIZE) throw new ResourceNotFound('DelegatedAdministrator', id);
    request['PageNumber'] = (request['PageNumber'] as number) + 1;
  }
}

async function create(p: Provider, d: ResourceData): Promise<void> {
  const body = { ServicePrincipal: d.get('service_principal'), AccountId: d.get('account_id') };
  await rm(p, 'RegisterDelegatedAdministrator', body, 5 * MINUTE).catch((err) => {
    throw new WrappedError('RegisterDelegatedAdministrator', err);
  });
  d.id = `${body.AccountId}:${body.ServicePrincipal}`;
  d.isNew = true;
  await read(p, d);
}

async function read(p: Provider, d: ResourceData): Promise<void> {
  const object = await describeOrDrop(d, () => describeDelegatedAdministrator(p, d.id));
  if (object === undefined) return;
  d.setAttr('account_id', object['AccountId']);
  d.setAttr('service_principal', object['ServicePrincipal']);
}

/** Only NotFoundError is tolerated: AccountNotRegistered (409) fails the destroy, as on the real service. */
async function destroy(p: Provider, d: ResourceData): Promise<void> {
  const [accountId, servicePrincipal] = d.id.split(':');
  try {
    await rm(p, 'DeregisterDelegatedAdministrator', { ServicePrincipal: servicePrincipal, AccountId: accountId }, 5 * MINUTE);
  } catch (err) {
    if (notFoundError(err)) return;
    throw new WrappedError('DeregisterDelegatedAdministrator', err);
  }
}

/** The data source's Read: the same list, 50 a page (retry 5 minutes, wait 3s/3s), `ids` filtering on `AccountId:ServicePrincipal`. */
async function administratorsDataSource(p: Provider, args: { servicePrincipal?: string; ids?: string[] } = {}) {
  const request: Record<string, unknown> = { PageNumber: 1, PageSize: PAGE_SIZE };
  if (args.servicePrincipal) request['ServicePrincipal'] = args.servicePrincipal;
  const objects: Record<string, any>[] = [];
  for (;;) {
    const response = await rm(p, 'ListDelegatedAdministrators', { ...request }, 5 * MINUTE, [3, 3]);
    const result = jsonpathGet('$.Accounts.Account', response);
    const items = Array.isArray(result) ? result : [];
    for (const v of items) {
      const item = asMap(v, 'Account');
      if (args.ids && !args.ids.includes(`${sprint(item['AccountId'])}:${sprint(item['ServicePrincipal'])}`)) continue;
      objects.push(item);
    }
    if (items.length < PAGE_SIZE) break;
    request['PageNumber'] = (request['PageNumber'] as number) + 1;
  }
  const administrators = objects.map((o) =>
    strings(
      {
        account_id: o['AccountId'],
        delegation_enabled_time: o['DelegationEnabledTime'],
        id: `${sprint(o['AccountId'])}:${sprint(o['ServicePrincipal'])}`,
        service_principal: sprint(o['ServicePrincipal']),
      },
      ['account_id', 'delegation_enabled_time'],
    ),
  );
  return { ids: administrators.map((a) => a.id), administrators };
}

/** A resource account the way alicloud_resource_manager_account creates one (its ID). */
async function resourceAccount(p: Provider, displayName: string): Promise<string> {
  const response = await p.client.rpcPost('ResourceManager', 'CreateResourceAccount', { DisplayName: displayName });
  p.client.calls.length = 0;
  return response['Account']['AccountId'];
}

describe('terraform: alicloud_resource_manager_delegated_administrator', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('create, refresh, import, destroy, refresh when gone; destroying again fails with AccountNotRegistered', async () => {
    const { p } = await managedDirectory(harness);
    const accountId = await resourceAccount(p, 'Config Admin');
    const config = { account_id: accountId, service_principal: 'config.aliyuncs.com' };
    const d = new ResourceData(SCHEMA, {}, config);
    await create(p, d);
    assert.deepEqual(p.client.sequence(), ['RM RegisterDelegatedAdministrator', 'RM ListDelegatedAdministrators']);
    assert.deepEqual(p.client.calls[1]!.body, { PageNumber: '1', PageSize: '50', ServicePrincipal: 'config.aliyuncs.com' });
    const { id, state } = d.result();
    assert.equal(id, `${accountId}:config.aliyuncs.com`);
    assert.deepEqual(state, config);
    assert.deepEqual(
      new ResourceData(SCHEMA, state, config, id).changes(),
      [],
      'the next plan is empty (both attributes are ForceNew: a diff would replace it)',
    );

    p.client.calls.length = 0;
    const refreshed = ResourceData.refresh(SCHEMA, id, state);
    await read(p, refreshed);
    assert.deepEqual(refreshed.result(), { id, state });
    const imported = ResourceData.refresh(SCHEMA, id);
    await read(p, imported);
    assert.deepEqual(imported.result().state, config, 'import reads both attributes back');
    assert.deepEqual(p.client.sequence(), ['RM ListDelegatedAdministrators', 'RM ListDelegatedAdministrators']);

    p.client.calls.length = 0;
    await destroy(p, refreshed);
    assert.deepEqual(p.client.sequence(), ['RM DeregisterDelegatedAdministrator']);
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await read(p, gone);
    assert.equal(gone.result().id, '', 'an empty list is NotFound: dropped from state');

    // Someone deregistered it already: the provider tolerates only "not found", and the service answers 409.
    await assert.rejects(destroy(p, refreshed), (err: unknown) => {
      assert.ok(err instanceof WrappedError && err.cause instanceof TeaSdkError);
      assert.equal(err.cause.code, 'AccountNotRegistered');
      assert.equal(err.cause.statusCode, 409);
      return true;
    });
  });

  test("create refused: the service's maximum, a service without delegation, the management account; none retried", async () => {
    const { p, account } = await managedDirectory(harness);
    const [first, second] = [await resourceAccount(p, 'First'), await resourceAccount(p, 'Second')];
    await create(p, new ResourceData(SCHEMA, {}, { account_id: first, service_principal: 'actiontrail.aliyuncs.com' }));
    for (const [config, code] of [
      [{ account_id: second, service_principal: 'actiontrail.aliyuncs.com' }, 'DelegatedAccountNumberExceeded'],
      [{ account_id: second, service_principal: 'nothing.aliyuncs.com' }, 'InvalidParameter.ServicePrincipal'],
      [{ account_id: account.accountId, service_principal: 'config.aliyuncs.com' }, 'CannotRegisterMasterAsDelegatedAdministrator'],
      [{ account_id: first, service_principal: 'actiontrail.aliyuncs.com' }, 'AccountAlreadyRegistered'],
    ] as const) {
      p.client.calls.length = 0;
      await assert.rejects(create(p, new ResourceData(SCHEMA, {}, config)), (err: unknown) => isExpectedErrors(err, [code]));
      assert.deepEqual(p.client.sequence(), ['RM RegisterDelegatedAdministrator'], `${code} is not retried`);
    }
  });

  test("the describe finds its account among a service's administrators, and drops an ID whose service has none", async () => {
    const { p } = await managedDirectory(harness);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await resourceAccount(p, `Center ${i}`));
    for (const accountId of ids)
      await rm(p, 'RegisterDelegatedAdministrator', { AccountId: accountId, ServicePrincipal: 'resourcecenter.aliyuncs.com' }, MINUTE);
    p.client.calls.length = 0;
    const last = ResourceData.refresh(SCHEMA, `${ids[4]}:resourcecenter.aliyuncs.com`);
    await read(p, last);
    assert.equal(last.result().state['account_id'], ids[4]);
    assert.deepEqual(p.client.sequence(), ['RM ListDelegatedAdministrators'], 'five fit on one page of 50');
    const missing = ResourceData.refresh(SCHEMA, `${ids[4]}:cloudfw.aliyuncs.com`);
    await read(p, missing);
    assert.equal(missing.result().id, '');
  });
});

describe('terraform: data source alicloud_resource_manager_delegated_administrators', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('every administrator, by service (exact, `_fake` finds none), by ids; DelegationEnabledTime a string', async () => {
    const { p } = await managedDirectory(harness);
    const [a, b] = [await resourceAccount(p, 'Admin A'), await resourceAccount(p, 'Admin B')];
    for (const [accountId, servicePrincipal] of [
      [a, 'cloudfw.aliyuncs.com'],
      [b, 'cloudfw.aliyuncs.com'],
      [a, 'config.aliyuncs.com'],
    ]) {
      await rm(p, 'RegisterDelegatedAdministrator', { AccountId: accountId, ServicePrincipal: servicePrincipal }, MINUTE);
    }
    p.client.calls.length = 0;
    const all = await administratorsDataSource(p);
    assert.deepEqual(all.ids, [`${a}:cloudfw.aliyuncs.com`, `${b}:cloudfw.aliyuncs.com`, `${a}:config.aliyuncs.com`]);
    for (const item of all.administrators) assert.match(item.delegation_enabled_time, /^\d{13}$/);
    assert.deepEqual(p.client.sequence(), ['RM ListDelegatedAdministrators']);
    assert.deepEqual(p.client.calls[0]!.body, { PageNumber: '1', PageSize: '50' });

    assert.deepEqual((await administratorsDataSource(p, { servicePrincipal: 'cloudfw.aliyuncs.com' })).ids, [
      `${a}:cloudfw.aliyuncs.com`,
      `${b}:cloudfw.aliyuncs.com`,
    ]);
    assert.deepEqual((await administratorsDataSource(p, { servicePrincipal: 'cloudfw.aliyuncs.com_fake' })).ids, []);
    assert.deepEqual((await administratorsDataSource(p, { ids: [`${b}:cloudfw.aliyuncs.com`] })).administrators, [
      {
        account_id: b,
        delegation_enabled_time: all.administrators[1]!.delegation_enabled_time,
        id: `${b}:cloudfw.aliyuncs.com`,
        service_principal: 'cloudfw.aliyuncs.com',
      },
    ]);
    // The list is there even when empty (`$.Accounts.Account` is read with jsonpath.Get, which fails on a missing key).
    const raw = await p.client.rpcPost('ResourceManager', 'ListDelegatedAdministrators', { ServicePrincipal: 'ros.aliyuncs.com' });
    assert.deepEqual(asArray(jsonpathGet('$.Accounts.Account', raw), 'Account'), []);
  });
});
