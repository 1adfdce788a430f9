import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { asString, idFrom, notFoundError, WrappedError } from '../helpers/terraform-errors.js';
import { ResourceData, waitForState } from '../helpers/terraform-sdk.js';
import {
  describeResourceDirectory,
  type Provider,
  providerFor,
  rpcWithRetry,
  v2Refresh,
  describeOrDrop,
} from '../helpers/terraform-services.js';

/**
 * alicloud_resource_manager_resource_directory, replayed from
 * alicloud/resource_alicloud_resource_manager_resource_directory.go:
 * resourceAliCloudResourceManagerResourceDirectoryCreate, …Read, …Update, …Delete (import is
 * ImportStatePassthrough then Read), over service_alicloud_resource_manager_v2.go:
 * DescribeResourceManagerResourceDirectory and ResourceManagerResourceDirectoryStateRefreshFunc.
 */

/** Every attribute is Computed (the three switches also Optional). */
const SCHEMA = {
  create_time: 'string?',
  master_account_id: 'string?',
  master_account_name: 'string?',
  member_account_display_name_sync_status: 'string?',
  member_deletion_status: 'string?',
  root_folder_id: 'string?',
  status: 'string?',
} as const;

const wrapped = (action: string) => (err: unknown) => {
  throw new WrappedError(action, err);
};

async function create(p: Provider, d: ResourceData): Promise<void> {
  const response = await rpcWithRetry(p, {
    product: 'ResourceManager',
    action: 'InitResourceDirectory',
    body: {},
    timeoutMs: d.timeoutMs,
  }).catch(wrapped('InitResourceDirectory'));
  d.id = idFrom('$.ResourceDirectory.ResourceDirectoryId', response);
  d.isNew = true;
  await update(p, d);
}

async function read(p: Provider, d: ResourceData): Promise<void> {
  const object = await describeOrDrop(d, () => describeResourceDirectory(p, d.id));
  if (object === undefined) return;
  d.setAttr('create_time', object['CreateTime']);
  d.setAttr('master_account_id', object['MasterAccountId']);
  d.setAttr('master_account_name', object['MasterAccountName']);
  d.setAttr('member_account_display_name_sync_status', object['MemberAccountDisplayNameSyncStatus']);
  d.setAttr('member_deletion_status', object['MemberDeletionStatus']);
  d.setAttr('root_folder_id', object['RootFolderId']);
  d.setAttr('status', object['ControlPolicyStatus']);
}

async function update(p: Provider, d: ResourceData): Promise<void> {
  if (d.hasChange('status')) {
    const object = await describeResourceDirectory(p, d.id);
    const target: string = d.get('status');
    // `object["ControlPolicyStatus"].(string)`: a missing status would panic here.
    if (asString(object['ControlPolicyStatus'], 'ControlPolicyStatus') !== target) {
      const action = target === 'Enabled' ? 'EnableControlPolicy' : target === 'Disabled' ? 'DisableControlPolicy' : undefined;
      if (action) {
        await rpcWithRetry(p, { product: 'ResourceManager', action, body: {}, timeoutMs: d.timeoutMs }).catch(wrapped(action));
        await waitForState(p.time, {
          pending: [],
          target: [target],
          timeoutMs: d.timeoutMs,
          delayMs: 5000,
          refresh: v2Refresh(() => describeResourceDirectory(p, d.id), 'ControlPolicyStatus', []),
        });
      }
    }
  }
  const setSwitch = async (attribute: string, product: 'ResourceManager' | 'ResourceDirectoryMaster', action: string) => {
    if (!d.hasChange(attribute)) return;
    await rpcWithRetry(p, {
      product,
      action,
      body: { Status: d.get(attribute) },
      timeoutMs: d.timeoutMs,
      codes: ['ConcurrentCallNotSupported'],
    }).catch(wrapped(action));
  };
  await setSwitch('member_deletion_status', 'ResourceManager', 'SetMemberDeletionPermission');
  await setSwitch('member_account_display_name_sync_status', 'ResourceDirectoryMaster', 'SetMemberDisplayNameSyncStatus');
  await read(p, d);
}

async function destroy(p: Provider, d: ResourceData): Promise<void> {
  try {
    await rpcWithRetry(p, { product: 'ResourceManager', action: 'DestroyResourceDirectory', body: {}, timeoutMs: d.timeoutMs });
  } catch (err) {
    if (notFoundError(err)) return;
    throw new WrappedError('DestroyResourceDirectory', err);
  }
}

describe('terraform: alicloud_resource_manager_resource_directory', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('create with every switch set, refresh, toggle each switch and the control policy status, import, destroy, refresh when gone', async () => {
    const account = await harness.createAccount();
    const p = providerFor(harness, account);
    const config = { member_deletion_status: 'Enabled', member_account_display_name_sync_status: 'Enabled', status: 'Disabled' };
    const d = new ResourceData(SCHEMA, {}, config);
    await create(p, d);
    assert.deepEqual(p.client.sequence(), [
      'RM InitResourceDirectory',
      'RDM GetResourceDirectory', // status set in config: the pre-check; Disabled already, so no policy call
      'RM SetMemberDeletionPermission',
      'RDM SetMemberDisplayNameSyncStatus',
      'RDM GetResourceDirectory',
    ]);
    assert.match(d.id, /^rd-/);
    let { id, state } = d.result();
    assert.equal(state['master_account_id'], account.accountId);
    assert.equal(state['master_account_name'], account.accountName);
    assert.match(String(state['root_folder_id']), /^r-/);
    assert.ok(!Number.isNaN(Date.parse(String(state['create_time']))));
    assert.deepEqual(
      [state['member_deletion_status'], state['member_account_display_name_sync_status'], state['status']],
      ['Enabled', 'Enabled', 'Disabled'],
    );

    assert.deepEqual(new ResourceData(SCHEMA, state, config, id).changes(), [], 'the next plan is empty');
    // Refresh: Read only, the state does not move.
    const refreshed = ResourceData.refresh(SCHEMA, id, state);
    await read(p, refreshed);
    assert.deepEqual(refreshed.result(), { id, state });

    // Each switch back off, in the provider's fixed order.
    const calls = p.client.calls.length;
    const off = new ResourceData(
      SCHEMA,
      state,
      { member_deletion_status: 'Disabled', member_account_display_name_sync_status: 'Disabled' },
      id,
    );
    await update(p, off);
    assert.deepEqual(p.client.sequence().slice(calls), [
      'RM SetMemberDeletionPermission',
      'RDM SetMemberDisplayNameSyncStatus',
      'RDM GetResourceDirectory',
    ]);
    ({ id, state } = off.result());
    assert.deepEqual([state['member_deletion_status'], state['member_account_display_name_sync_status']], ['Disabled', 'Disabled']);

    // status: Enabled then Disabled, each the policy call and a poll of ControlPolicyStatus until it is the target.
    for (const [target, action] of [
      ['Enabled', 'EnableControlPolicy'],
      ['Disabled', 'DisableControlPolicy'],
    ] as const) {
      const before = p.client.calls.length;
      const toggled = new ResourceData(SCHEMA, state, { status: target }, id);
      await update(p, toggled);
      const sequence = p.client.sequence().slice(before);
      assert.deepEqual(sequence.slice(0, 2), ['RDM GetResourceDirectory', `RM ${action}`]);
      assert.ok(sequence.slice(2).every((call) => call === 'RDM GetResourceDirectory'));
      ({ id, state } = toggled.result());
      assert.equal(state['status'], target);
    }

    // Import takes any ID: GetResourceDirectory is account-wide, and the state keeps the given ID.
    const imported = ResourceData.refresh(SCHEMA, 'rd-imported');
    await read(p, imported);
    assert.equal(imported.result().id, 'rd-imported');
    assert.equal(imported.result().state['root_folder_id'], state['root_folder_id']);

    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await read(p, gone);
    assert.equal(gone.id, '', 'ResourceDirectoryNotInUse drops it from state');
    assert.equal(p.client.calls.at(-1)?.code, 'ResourceDirectoryNotInUse');
    // A destroy of a directory that is already gone: a 404, which the provider takes as done.
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.equal(p.client.calls.at(-1)?.status, 404);
  });

  test('create with nothing set makes no switch calls; ConcurrentCallNotSupported and ServiceUnavailable are retried as the provider does', async () => {
    const account = await harness.createAccount();
    const p = providerFor(harness, account);
    const d = new ResourceData(SCHEMA);
    await create(p, d);
    assert.deepEqual(p.client.sequence(), ['RM InitResourceDirectory', 'RDM GetResourceDirectory']);
    assert.deepEqual([d.result().state['member_deletion_status'], d.result().state['status']], ['Disabled', 'Disabled']);

    await harness.admin('POST', '/_canopy/faults', { action: 'SetMemberDeletionPermission', code: 'ConcurrentCallNotSupported', times: 2 });
    // Two 503s: the SDK's own retries absorb them inside one RpcPost.
    await harness.admin('POST', '/_canopy/faults', { action: 'GetResourceDirectory', code: 'ServiceUnavailable', times: 2 });
    const before = p.client.calls.length;
    const clockBefore = (await harness.admin('GET', '/_canopy/clock')).body.offsetSeconds;
    const u = new ResourceData(SCHEMA, d.result().state, { member_deletion_status: 'Enabled' }, d.id);
    await update(p, u);
    assert.deepEqual(
      p.client.calls.slice(before).map((c) => `${c.action} ${c.status}`),
      [
        'SetMemberDeletionPermission 429',
        'SetMemberDeletionPermission 429',
        'SetMemberDeletionPermission 200',
        'GetResourceDirectory 503',
        'GetResourceDirectory 503',
        'GetResourceDirectory 200',
      ],
    );
    // incrementalWait(3s, 5s) plus the Retry pauses (0.5 s, 1 s) went by on the emulator clock.
    assert.equal((await harness.admin('GET', '/_canopy/clock')).body.offsetSeconds - clockBefore, 9);
    assert.equal(u.result().state['member_deletion_status'], 'Enabled');
  });
});
