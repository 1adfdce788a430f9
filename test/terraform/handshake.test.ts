import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { models, sdkClient, startServer, type Harness, type TestAccount } from '../helpers/harness.js';
import { idFrom, isExpectedErrors, needRetry, notFoundError, WrappedError } from '../helpers/terraform-errors.js';
import { fatal, incrementalWait, OK, ResourceData, retry, retryable } from '../helpers/terraform-sdk.js';
import { describeHandshake, type Provider, rpcWithRetry, describeOrDrop } from '../helpers/terraform-services.js';
import { managedDirectory } from './setup.js';

/**
 * alicloud_resource_manager_handshake, replayed from alicloud/resource_alicloud_resource_manager_handshake.go:
 * resourceAliCloudResourceManagerHandshakeCreate, …Read, …Delete and
 * resourceAliCloudResourceManagerHandshakeRemoveAcceptedAccount (no Update: every argument is
 * ForceNew; import is passthrough, then Read), over service_alicloud_resource_manager_v2.go:
 * DescribeResourceManagerHandshake.
 */

const SCHEMA = {
  target_entity: 'string',
  target_type: 'string',
  note: 'string',
  create_time: 'string?',
  expire_time: 'string?',
  master_account_id: 'string?',
  master_account_name: 'string?',
  modify_time: 'string?',
  resource_directory_id: 'string?',
  status: 'string?',
} as const;

const GONE = ['EntityNotExists.Account', 'EntityNotExists.ResourceDirectory'];

async function create(p: Provider, d: ResourceData): Promise<void> {
  const body: Record<string, unknown> = { TargetType: d.get('target_type') };
  const [note, hasNote] = d.getOk('note');
  if (hasNote) body['Note'] = note;
  body['TargetEntity'] = d.get('target_entity');
  const response = await rpcWithRetry(p, {
    product: 'ResourceManager',
    action: 'InviteAccountToResourceDirectory',
    body,
    timeoutMs: d.timeoutMs,
    codes: ['ConcurrentCallNotSupported', 'LimitExceeded.InvitationRate', 'LimitExceeded.SameTargetInvitationRate'],
  }).catch((err) => {
    throw new WrappedError('InviteAccountToResourceDirectory', err);
  });
  d.id = idFrom('$.Handshake.HandshakeId', response);
  d.isNew = true;
  await read(p, d);
}

async function read(p: Provider, d: ResourceData): Promise<void> {
  const object = await describeOrDrop(d, () => describeHandshake(p, d.id, (status) => status === 'Cancelled'));
  if (object === undefined) return;
  for (const [attribute, field] of Object.entries(FIELDS)) d.setAttr(attribute, object[field]);
}

const FIELDS = {
  create_time: 'CreateTime',
  expire_time: 'ExpireTime',
  master_account_id: 'MasterAccountId',
  master_account_name: 'MasterAccountName',
  modify_time: 'ModifyTime',
  note: 'Note',
  resource_directory_id: 'ResourceDirectoryId',
  status: 'Status',
  target_entity: 'TargetEntity',
  target_type: 'TargetType',
};

async function destroy(p: Provider, d: ResourceData): Promise<void> {
  try {
    await rpcWithRetry(p, { product: 'ResourceManager', action: 'CancelHandshake', body: { HandshakeId: d.id }, timeoutMs: d.timeoutMs });
  } catch (err) {
    if (isExpectedErrors(err, ['HandshakeStatusMismatch'])) return removeAcceptedAccount(p, d);
    if (isExpectedErrors(err, ['EntityNotExists.Handshake']) || notFoundError(err)) return;
    throw new WrappedError('CancelHandshake', err);
  }
}

async function removeAcceptedAccount(p: Provider, d: ResourceData): Promise<void> {
  const accountId: string = d.get('target_entity');
  // Nothing the provider can remove: it logs a warning and forgets the handshake.
  if (d.get('target_type') !== 'Account' || accountId === '') return;
  const removeWait = incrementalWait(p.time, 3, 5);
  await retry(p.time, d.timeoutMs, async () => {
    try {
      await p.client.rpcPost('ResourceManager', 'RemoveCloudAccount', { AccountId: accountId });
      return OK;
    } catch (err) {
      if (isExpectedErrors(err, ['ConcurrentCallNotSupported']) || needRetry(err)) {
        await removeWait();
        return retryable(err);
      }
      return isExpectedErrors(err, GONE) || notFoundError(err) ? OK : fatal(err);
    }
  });
  // Then GetAccount until the member is gone: a success means "still attached".
  const pollWait = incrementalWait(p.time, 3, 5);
  await retry(p.time, d.timeoutMs, async () => {
    try {
      await p.client.rpcPost('ResourceManager', 'GetAccount', { AccountId: accountId });
    } catch (err) {
      if (isExpectedErrors(err, GONE) || notFoundError(err)) return OK;
      if (needRetry(err)) {
        await pollWait();
        return retryable(err);
      }
      return fatal(err);
    }
    await pollWait();
    return retryable(new Error(`Resource Manager member account ${accountId} is still attached`));
  });
}

describe('terraform: alicloud_resource_manager_handshake', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  const invite = async (p: Provider, target: TestAccount, type = 'Account', note?: string) => {
    const config = {
      target_entity: type === 'Account' ? target.accountId : target.accountName,
      target_type: type,
      ...(note ? { note } : {}),
    };
    const d = new ResourceData(SCHEMA, {}, config);
    await create(p, d);
    return d.result();
  };
  const accept = (invitee: TestAccount, handshakeId: string) =>
    sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId }));

  test('pending: create, refresh, import, destroy (CancelHandshake), refresh when Cancelled, destroy again', async () => {
    const { account, p, rdId } = await managedDirectory(harness);
    const invitee = await harness.createAccount();
    const { id, state } = await invite(p, invitee, 'Account', 'join us, please');
    assert.deepEqual(p.client.sequence(), ['RM InviteAccountToResourceDirectory', 'RM GetHandshake']);
    assert.deepEqual(p.client.calls[0]!.body, { TargetType: 'Account', Note: 'join us, please', TargetEntity: invitee.accountId });
    assert.match(id, /^h-/);
    assert.deepEqual(
      [
        state['status'],
        state['target_entity'],
        state['target_type'],
        state['note'],
        state['master_account_id'],
        state['resource_directory_id'],
      ],
      ['Pending', invitee.accountId, 'Account', 'join us, please', account.accountId, rdId],
    );
    for (const time of ['create_time', 'expire_time', 'modify_time'])
      assert.match(String(state[time]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const config = { target_entity: invitee.accountId, target_type: 'Account', note: 'join us, please' };
    assert.deepEqual(new ResourceData(SCHEMA, state, config, id).changes(), [], 'the next plan is empty');
    const refreshed = ResourceData.refresh(SCHEMA, id, state);
    await read(p, refreshed);
    assert.deepEqual(refreshed.result(), { id, state });
    const imported = ResourceData.refresh(SCHEMA, id);
    await read(p, imported);
    assert.deepEqual(imported.result().state, state);

    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await read(p, gone);
    assert.equal(gone.id, '', 'a Cancelled handshake is gone for the provider');
    // Destroyed again (state out of date): Cancelled is not Pending, so HandshakeStatusMismatch, then the
    // removal of the target, which is no member: EntityNotExists.Account both times, which the provider takes as done.
    const before = p.client.calls.length;
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.deepEqual(
      p.client.calls.slice(before).map((c) => `${c.action} ${c.code ?? c.status}`),
      ['CancelHandshake HandshakeStatusMismatch', 'RemoveCloudAccount EntityNotExists.Account', 'GetAccount EntityNotExists.Account'],
    );
  });

  test('accepted: refresh reads Accepted; destroy is CancelHandshake, HandshakeStatusMismatch, RemoveCloudAccount, GetAccount until gone', async () => {
    const { p } = await managedDirectory(harness);
    const invitee = await harness.createAccount();
    const { id } = await invite(p, invitee);
    await accept(invitee, id);
    const refreshed = ResourceData.refresh(SCHEMA, id, {});
    await read(p, refreshed);
    const { state } = refreshed.result();
    assert.deepEqual([state['status'], state['target_entity'], state['target_type']], ['Accepted', invitee.accountId, 'Account']);

    const before = p.client.calls.length;
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.deepEqual(
      p.client.calls.slice(before).map((c) => `${c.action} ${c.code ?? c.status}`),
      ['CancelHandshake HandshakeStatusMismatch', 'RemoveCloudAccount 200', 'GetAccount EntityNotExists.Account'],
    );
    const rd = await sdkClient(harness, invitee)
      .getResourceDirectory()
      .catch((err) => err);
    assert.equal(rd.code, 'ResourceDirectoryNotInUse', 'the invitee is standalone again');
  });

  test('accepted by Email: nothing the provider can remove, so no call after HandshakeStatusMismatch', async () => {
    const { p } = await managedDirectory(harness);
    const invitee = await harness.createAccount();
    const { id, state } = await invite(p, invitee, 'Email');
    await accept(invitee, id);
    const before = p.client.calls.length;
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.deepEqual(p.client.sequence().slice(before), ['RM CancelHandshake']);
  });

  test('expired after 14 days: refresh keeps it (Expired), destroy goes through the removal path, which finds no member', async () => {
    const { p } = await managedDirectory(harness);
    const invitee = await harness.createAccount();
    const { id, state } = await invite(p, invitee);
    await harness.advanceClock(14 * 86_400);
    const refreshed = ResourceData.refresh(SCHEMA, id, state);
    await read(p, refreshed);
    assert.equal(refreshed.result().state['status'], 'Expired');
    const before = p.client.calls.length;
    await destroy(p, ResourceData.refresh(SCHEMA, id, refreshed.result().state));
    assert.deepEqual(p.client.sequence().slice(before), ['RM CancelHandshake', 'RM RemoveCloudAccount', 'RM GetAccount']);
  });

  test('retried codes on invite; a HandshakeStatusMismatch on GetHandshake reads as the synthetic Accepted', async () => {
    const { p } = await managedDirectory(harness);
    const invitee = await harness.createAccount();
    for (const code of ['LimitExceeded.InvitationRate', 'ConcurrentCallNotSupported']) {
      await harness.admin('POST', '/_canopy/faults', { action: 'InviteAccountToResourceDirectory', code, times: 1 });
    }
    const { id, state } = await invite(p, invitee);
    assert.deepEqual(
      p.client.calls.map((c) => `${c.action} ${c.code ?? c.status}`),
      [
        'InviteAccountToResourceDirectory LimitExceeded.InvitationRate',
        'InviteAccountToResourceDirectory ConcurrentCallNotSupported',
        'InviteAccountToResourceDirectory 200',
        'GetHandshake 200',
      ],
    );
    // Canopy always lets either party read the handshake; the provider's other branch, replayed by injection.
    await harness.admin('POST', '/_canopy/faults', { action: 'GetHandshake', code: 'HandshakeStatusMismatch', times: 1 });
    const synthetic = ResourceData.refresh(SCHEMA, id, state);
    await read(p, synthetic);
    assert.deepEqual([synthetic.id, synthetic.result().state['status'], synthetic.result().state['target_entity']], [id, 'Accepted', '']);
  });
});
