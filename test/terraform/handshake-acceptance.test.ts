import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { JsonPathError } from '../helpers/terraform-wire.js';
import { jsonpathGet, sprint, WrappedError } from '../helpers/terraform-errors.js';
import { ResourceData } from '../helpers/terraform-sdk.js';
import { describeHandshake, type Provider, providerFor, rpcWithRetry, describeOrDrop } from '../helpers/terraform-services.js';
import { managedDirectory } from './setup.js';

/**
 * alicloud_resource_manager_handshake_acceptance, replayed from
 * alicloud/resource_alicloud_resource_manager_handshake_acceptance.go:
 * resourceAliCloudResourceManagerHandshakeAcceptanceCreate, …Read, …Delete (no API call), import
 * (passthrough, then Read), over service_alicloud_resource_manager_v2.go:
 * DescribeResourceManagerHandshakeAcceptance. It runs with the invited account's keys.
 */

const SCHEMA = {
  handshake_id: 'string',
  create_time: 'string?',
  expire_time: 'string?',
  invited_account_real_name: 'string?',
  master_account_id: 'string?',
  master_account_name: 'string?',
  master_account_real_name: 'string?',
  modify_time: 'string?',
  note: 'string?',
  resource_directory_id: 'string?',
  status: 'string?',
  target_entity: 'string?',
  target_type: 'string?',
} as const;

async function create(p: Provider, d: ResourceData): Promise<void> {
  const body = { HandshakeId: d.get('handshake_id') };
  const call = (action: string, codes: string[]) =>
    rpcWithRetry(p, { product: 'ResourceManager', action, body, timeoutMs: d.timeoutMs, codes, wait: [5, 5] }).catch((err) => {
      throw new WrappedError(action, err);
    });
  // The pre-check waits for the invitation to become visible; its answer is not read.
  await call('GetHandshake', ['EntityNotExists.Handshake']);
  const response = await call('AcceptHandshake', ['ConcurrentCallNotSupported', 'EntityNotExists.Handshake']);
  let id: unknown;
  try {
    id = jsonpathGet('$.Handshake.HandshakeId', response);
  } catch (err) {
    if (!(err instanceof JsonPathError)) throw err;
  }
  d.id = id === undefined || sprint(id) === '' ? d.get('handshake_id') : sprint(id);
  d.isNew = true;
  await read(p, d);
}

async function read(p: Provider, d: ResourceData): Promise<void> {
  const object = await describeOrDrop(d, () => describeHandshake(p, d.id, (status) => status !== 'Accepted'));
  if (object === undefined) return;
  d.setAttr('handshake_id', d.id);
  for (const [attribute, field] of Object.entries(FIELDS)) d.setAttr(attribute, object[field]);
}

const FIELDS = {
  create_time: 'CreateTime',
  expire_time: 'ExpireTime',
  invited_account_real_name: 'InvitedAccountRealName',
  master_account_id: 'MasterAccountId',
  master_account_name: 'MasterAccountName',
  master_account_real_name: 'MasterAccountRealName',
  modify_time: 'ModifyTime',
  note: 'Note',
  resource_directory_id: 'ResourceDirectoryId',
  status: 'Status',
  target_entity: 'TargetEntity',
  target_type: 'TargetType',
};

/** Delete makes no call: an acceptance cannot be undone, the resource only leaves the state. */
const destroy = async (_p: Provider, _d: ResourceData): Promise<void> => {};

describe('terraform: alicloud_resource_manager_handshake_acceptance', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  const invitation = async () => {
    const owner = await managedDirectory(harness, { enterpriseName: 'Inviter Ltd.' });
    const invitee = await harness.createAccount({ enterpriseName: 'Invitee Ltd.' });
    const response = await owner.p.client.rpcPost('ResourceManager', 'InviteAccountToResourceDirectory', {
      TargetEntity: invitee.accountId,
      TargetType: 'Account',
      Note: 'welcome',
    });
    return { owner, invitee, handshakeId: response['Handshake']['HandshakeId'] as string, p: providerFor(harness, invitee) };
  };

  test('create (GetHandshake, AcceptHandshake, GetHandshake), refresh, import, destroy without a call', async () => {
    const { owner, invitee, handshakeId, p } = await invitation();
    const d = new ResourceData(SCHEMA, {}, { handshake_id: handshakeId });
    await create(p, d);
    assert.deepEqual(p.client.sequence(), ['RM GetHandshake', 'RM AcceptHandshake', 'RM GetHandshake']);
    const { id, state } = d.result();
    assert.equal(id, handshakeId);
    assert.deepEqual(
      [
        state['status'],
        state['target_entity'],
        state['target_type'],
        state['note'],
        state['master_account_id'],
        state['resource_directory_id'],
      ],
      ['Accepted', invitee.accountId, 'Account', 'welcome', owner.account.accountId, owner.rdId],
    );
    assert.deepEqual([state['invited_account_real_name'], state['master_account_real_name']], ['Invitee Ltd.', 'Inviter Ltd.']);

    assert.deepEqual(new ResourceData(SCHEMA, state, { handshake_id: handshakeId }, id).changes(), [], 'the next plan is empty');
    const refreshed = ResourceData.refresh(SCHEMA, id, state);
    await read(p, refreshed);
    assert.deepEqual(refreshed.result(), { id, state });
    const imported = ResourceData.refresh(SCHEMA, id);
    await read(p, imported);
    assert.deepEqual(imported.result().state, state);

    const before = p.client.calls.length;
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.equal(p.client.calls.length, before);
  });

  test('refresh when it is not Accepted (declined, or unknown) drops it from state', async () => {
    const { handshakeId, p } = await invitation();
    await p.client.rpcPost('ResourceManager', 'DeclineHandshake', { HandshakeId: handshakeId });
    const declined = ResourceData.refresh(SCHEMA, handshakeId, { handshake_id: handshakeId });
    await read(p, declined);
    assert.equal(declined.id, '');
    const unknown = ResourceData.refresh(SCHEMA, 'h-0000000000000000', { handshake_id: 'h-0000000000000000' });
    await read(p, unknown);
    assert.equal(unknown.id, '');
    assert.equal(p.client.calls.at(-1)?.code, 'EntityNotExists.Handshake');
  });

  test('EntityNotExists.Handshake on the pre-check and on AcceptHandshake is waited out (5 s each), as the provider does', async () => {
    const { handshakeId, p } = await invitation();
    await harness.admin('POST', '/_canopy/faults', { action: 'GetHandshake', code: 'EntityNotExists.Handshake', times: 1 });
    await harness.admin('POST', '/_canopy/faults', { action: 'AcceptHandshake', code: 'EntityNotExists.Handshake', times: 1 });
    const d = new ResourceData(SCHEMA, {}, { handshake_id: handshakeId });
    await create(p, d);
    assert.deepEqual(
      p.client.calls.map((c) => `${c.action} ${c.code ?? c.status}`),
      [
        'GetHandshake EntityNotExists.Handshake',
        'GetHandshake 200',
        'AcceptHandshake EntityNotExists.Handshake',
        'AcceptHandshake 200',
        'GetHandshake 200',
      ],
    );
    assert.equal(d.result().state['status'], 'Accepted');
  });
});
