import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { ResourceData } from '../helpers/terraform-sdk.js';
import { ACCOUNT_SCHEMA as SCHEMA, createAccount, readAccount, updateAccount } from './account-resource.js';
import { invitedMember, managedDirectory } from './setup.js';

/**
 * alicloud_resource_manager_account: create, refresh, each updatable attribute, import. Sequences
 * from alicloud/resource_alicloud_resource_manager_account.go (resourceAliCloudResourceManagerAccountCreate,
 * …Read, …Update) over service_alicloud_resource_manager_v2.go (DescribeResourceManagerAccount,
 * SetResourceTags) and service_alicloud_resourcemanager.go (GetPayerForAccount, ListTagResources).
 * Destroy is in account-deletion.test.ts.
 */

const ENTERPRISE = 'Terraform Replay Co., Ltd.';
/** Twelve tags: RM ListTagResources answers ten a page, so the Read follows NextToken once. */
const TAGS = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`team-${i}`, i % 2 ? `value ${i}` : '']));

describe('terraform: alicloud_resource_manager_account (create, read, update, import)', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('create with every argument, refresh, then each updatable attribute on its own, then import', async () => {
    const { account, p, rdId, rootId } = await managedDirectory(harness);
    const folder = (await p.client.rpcPost('ResourceManager', 'CreateFolder', { FolderName: 'tf-accounts' }))['Folder']['FolderId'];
    const other = (await p.client.rpcPost('ResourceManager', 'CreateFolder', { FolderName: 'tf-elsewhere' }))['Folder']['FolderId'];
    const payer = (await p.client.rpcPost('ResourceManager', 'CreateResourceAccount', { DisplayName: 'tf-payer' }))['Account']['AccountId'];
    p.client.calls.length = 0;

    const config = {
      display_name: 'tf-member one',
      folder_id: folder,
      payer_account_id: payer,
      resell_account_type: 'non_resell',
      account_name_prefix: 'tf-member-one',
      tags: TAGS,
    };
    const d = new ResourceData(SCHEMA, {}, config);
    await createAccount(p, d);
    assert.deepEqual(p.client.sequence(), [
      'RM CreateResourceAccount',
      'RDM TagResources', // the tags again, through SetResourceTags
      'RM GetAccount',
      'RM GetPayerForAccount',
      'RM ListTagResources',
      'RM ListTagResources',
    ]);
    const created = p.client.calls[0]!.body;
    assert.equal(Object.keys(created).filter((k) => /^Tags\.\d+\.Key$/.test(k)).length, 12, 'the provider sends Tags.N (not Tag.N)');
    assert.deepEqual(
      [created['ParentFolderId'], created['PayerAccountId'], created['ResellAccountType'], created['AccountNamePrefix']],
      [folder, payer, 'non_resell', 'tf-member-one'],
    );
    assert.equal(p.client.calls[3]!.body['RegionId'], 'cn-hangzhou', 'the legacy helper sends RegionId');
    let { id, state } = d.result();
    assert.match(id, /^\d{16}$/);
    assert.deepEqual(
      [state['display_name'], state['folder_id'], state['join_method'], state['status'], state['type'], state['resource_directory_id']],
      ['tf-member one', folder, 'created', 'CreateSuccess', 'ResourceAccount', rdId],
    );
    assert.equal(state['payer_account_id'], payer);
    assert.deepEqual(state['tags'], TAGS);
    for (const time of [state['join_time'], state['modify_time']]) assert.ok(!Number.isNaN(Date.parse(String(time))));

    assert.deepEqual(new ResourceData(SCHEMA, state, config, id).changes(), [], 'the next plan is empty');
    const refreshed = ResourceData.refresh(SCHEMA, id, state);
    await readAccount(p, refreshed);
    assert.deepEqual(refreshed.result(), { id, state });

    // One attribute per apply, each with its own call before the Read.
    const steps: [Record<string, unknown>, string][] = [
      [{ display_name: 'tf-member renamed' }, 'RM UpdateAccount'],
      [{ folder_id: other }, 'RM MoveAccount'],
      [{ folder_id: rootId }, 'RM MoveAccount'],
      // As the provider's own acceptance test does: the management account as payer.
      [{ payer_account_id: account.accountId }, 'RDM UpdatePayerForAccount'],
      [{ tags: { ...TAGS, 'team-0': 'changed' } }, 'RDM UntagResources'],
      [{ tags: {} }, 'RDM UntagResources'],
    ];
    let current = { ...config };
    for (const [change, call] of steps) {
      current = { ...current, ...change };
      const before = p.client.calls.length;
      const u = new ResourceData(SCHEMA, state, current, id);
      await updateAccount(p, u);
      const sequence = p.client.sequence().slice(before);
      assert.equal(sequence[0], call, JSON.stringify(change));
      const read = sequence.indexOf('RM GetAccount');
      assert.deepEqual(sequence.slice(read, read + 2), ['RM GetAccount', 'RM GetPayerForAccount']);
      assert.ok(sequence.slice(read + 2).every((c) => c === 'RM ListTagResources'));
      ({ id, state } = u.result());
      for (const [key, value] of Object.entries(change)) assert.deepEqual(state[key], value, key);
      assert.deepEqual(new ResourceData(SCHEMA, state, current, id).changes(), [], `the plan after ${Object.keys(change)} is empty`);
    }
    const renamed = p.client.calls.find((c) => c.action === 'UpdateAccount')!.body;
    assert.deepEqual(renamed, { AccountId: id, NewDisplayName: 'tf-member renamed' }, 'no NewAccountType when only the name changed');
    const retag = p.client.calls.filter((c) => c.action === 'UntagResources')[0]!.body;
    assert.deepEqual(
      Object.values(retag).filter((v) => v === 'team-0'),
      ['team-0'],
      'a changed value is untagged, then tagged again',
    );

    // Import: Read by ID. account_name_prefix, resell_account_type and force_delete are not read back.
    const imported = ResourceData.refresh(SCHEMA, id);
    await readAccount(p, imported);
    const { account_name_prefix: _a, resell_account_type: _r, ...readable } = state;
    assert.deepEqual(imported.result().state, readable);
  });

  test('a member created without payer_account_id: the next plan is empty (GetPayerForAccount reads back empty)', async () => {
    const { p } = await managedDirectory(harness);
    const config = { display_name: 'tf-self-paying' };
    const d = new ResourceData(SCHEMA, {}, config);
    await createAccount(p, d);
    const { id, state } = d.result();
    assert.equal(state['payer_account_id'], '');
    // payer_account_id is Optional, not Computed: any other value would plan UpdatePayerForAccount with "" on every apply.
    assert.deepEqual(new ResourceData(SCHEMA, state, config, id).changes(), []);
  });

  test('type: import an invited cloud account, switch it to a resource account and back', async () => {
    const { p } = await managedDirectory(harness, { enterpriseName: ENTERPRISE });
    const invitee = await invitedMember(harness, p, { enterpriseName: ENTERPRISE, securePhone: '1-2025550123' });
    // A root AccessKey in use blocks the switch (PrimaryAkInUse): the invitee's is removed first.
    await harness.admin('DELETE', `/_canopy/accounts/${invitee.accountId}/access-keys/${invitee.accessKeyId}`);

    const imported = ResourceData.refresh(SCHEMA, invitee.accountId);
    await readAccount(p, imported);
    let { id, state } = imported.result();
    assert.deepEqual([state['type'], state['join_method']], ['CloudAccount', 'invited']);
    for (const type of ['ResourceAccount', 'CloudAccount']) {
      const before = p.client.calls.length;
      const u = new ResourceData(SCHEMA, state, { display_name: state['display_name'], type }, id);
      await updateAccount(p, u);
      const update = p.client.calls[before]!;
      assert.deepEqual([update.action, update.body], ['UpdateAccount', { AccountId: id, NewAccountType: type }]);
      ({ id, state } = u.result());
      assert.deepEqual([state['type'], state['status']], [type, 'SwitchSuccess']);
    }
  });

  test('ConcurrentCallNotSupported on CreateResourceAccount, MoveAccount, UpdateAccount and UpdatePayerForAccount is retried', async () => {
    const { p } = await managedDirectory(harness);
    const folder = (await p.client.rpcPost('ResourceManager', 'CreateFolder', { FolderName: 'tf-retry' }))['Folder']['FolderId'];
    const payer = (await p.client.rpcPost('ResourceManager', 'CreateResourceAccount', { DisplayName: 'tf-retry-payer' }))['Account'][
      'AccountId'
    ];
    for (const action of ['CreateResourceAccount', 'MoveAccount', 'UpdateAccount', 'UpdatePayerForAccount']) {
      await harness.admin('POST', '/_canopy/faults', { action, code: 'ConcurrentCallNotSupported', times: 1 });
    }
    const d = new ResourceData(SCHEMA, {}, { display_name: 'tf-contended' });
    await createAccount(p, d);
    const changed = { display_name: 'tf-contended-2', folder_id: folder, payer_account_id: payer };
    const u = new ResourceData(SCHEMA, d.result().state, changed, d.id);
    await updateAccount(p, u);
    const refused = p.client.calls.filter((c) => c.code === 'ConcurrentCallNotSupported').map((c) => c.action);
    assert.deepEqual(refused, ['CreateResourceAccount', 'MoveAccount', 'UpdateAccount', 'UpdatePayerForAccount']);
    assert.deepEqual([u.result().state['folder_id'], u.result().state['payer_account_id']], [folder, payer]);
  });
});
