import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { describeControlPolicyAttachment } from '../helpers/terraform-control-policies.js';
import { isExpectedErrors, notFoundError, WrappedError } from '../helpers/terraform-errors.js';
import { ResourceData, waitForState } from '../helpers/terraform-sdk.js';
import { describeOrDrop, type Provider, rpcWithRetry, v2Refresh } from '../helpers/terraform-services.js';
import { managedDirectory } from './setup.js';

/**
 * alicloud_resource_manager_control_policy_attachment, replayed from
 * alicloud/resource_alicloud_resource_manager_control_policy_attachment.go: …AttachmentCreate (attach,
 * then wait until the attachment's PolicyType reads `Custom`), …Read, …Delete (EntityNotExists.Target
 * and any 404 tolerated), over DescribeResourceManagerControlPolicyAttachment. The ID is
 * `<policy_id>:<target_id>`; both attributes are ForceNew, there is no Update.
 */

const SCHEMA = { policy_id: 'string', target_id: 'string' } as const;

async function create(p: Provider, d: ResourceData): Promise<void> {
  const body: Record<string, unknown> = {};
  const [target, hasTarget] = d.getOk('target_id');
  if (hasTarget) body['TargetId'] = target;
  const [policy, hasPolicy] = d.getOk('policy_id');
  if (hasPolicy) body['PolicyId'] = policy;
  await rpcWithRetry(p, {
    product: 'ResourceManager',
    action: 'AttachControlPolicy',
    body,
    timeoutMs: d.timeoutMs,
    codes: ['ConcurrentCallNotSupported'],
  }).catch((err) => {
    throw new WrappedError('AttachControlPolicy', err);
  });
  d.id = `${body['PolicyId']}:${body['TargetId']}`;
  d.isNew = true;
  await waitForState(p.time, {
    pending: [],
    target: ['Custom'],
    timeoutMs: d.timeoutMs,
    delayMs: 5000,
    refresh: v2Refresh(() => describeControlPolicyAttachment(p, d.id), '$.PolicyType', []),
  });
  await read(p, d);
}

async function read(p: Provider, d: ResourceData): Promise<void> {
  const object = await describeOrDrop(d, () => describeControlPolicyAttachment(p, d.id));
  if (object === undefined) return;
  d.setAttr('policy_id', object['PolicyId']);
  d.setAttr('target_id', d.id.split(':')[1]);
}

async function destroy(p: Provider, d: ResourceData): Promise<void> {
  const [policyId, targetId] = d.id.split(':');
  try {
    await rpcWithRetry(p, {
      product: 'ResourceManager',
      action: 'DetachControlPolicy',
      body: { TargetId: targetId, PolicyId: policyId },
      timeoutMs: d.timeoutMs,
      codes: ['ConcurrentCallNotSupported'],
    });
  } catch (err) {
    if (isExpectedErrors(err, ['EntityNotExists.Target']) || notFoundError(err)) return;
    throw new WrappedError('DetachControlPolicy', err);
  }
}

const DOCUMENT = '{"Version":"1","Statement":[{"Effect":"Deny","Action":["ram:DeleteRole"],"Resource":"*"}]}';

describe('terraform: alicloud_resource_manager_control_policy_attachment', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  /** A directory with the feature on (its resource_directory `status = "Enabled"`), a folder and a custom policy. */
  async function setUp() {
    const { p } = await managedDirectory(harness);
    await p.client.rpcPost('ResourceManager', 'EnableControlPolicy', {});
    const folderId = (await p.client.rpcPost('ResourceManager', 'CreateFolder', { FolderName: 'tf-example' }))['Folder']['FolderId'];
    const policy = await p.client.rpcPost('ResourceManager', 'CreateControlPolicy', {
      PolicyName: 'tf-example',
      EffectScope: 'RAM',
      PolicyDocument: DOCUMENT,
    });
    p.client.calls.length = 0;
    return { p, folderId, policyId: policy['ControlPolicy']['PolicyId'] as string };
  }

  test('create (attached at once: one poll), refresh, import, destroy, destroy again, refresh when gone', async () => {
    const { p, folderId, policyId } = await setUp();
    const d = new ResourceData(SCHEMA, {}, { policy_id: policyId, target_id: folderId });
    await create(p, d);
    assert.deepEqual(p.client.sequence(), [
      'RM AttachControlPolicy',
      'RM ListControlPolicyAttachmentsForTarget',
      'RM ListControlPolicyAttachmentsForTarget',
    ]);
    const { id, state } = d.result();
    assert.equal(id, `${policyId}:${folderId}`);
    assert.deepEqual(state, { policy_id: policyId, target_id: folderId });
    assert.deepEqual(new ResourceData(SCHEMA, state, { policy_id: policyId, target_id: folderId }, id).changes(), []);

    const imported = ResourceData.refresh(SCHEMA, id);
    await read(p, imported);
    assert.deepEqual(imported.result(), { id, state });

    const before = p.client.calls.length;
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.deepEqual(p.client.sequence().slice(before), ['RM DetachControlPolicy']);
    // Detached already (someone else did it): a 404, tolerated.
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.equal(p.client.calls.at(-1)?.status, 404);
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await read(p, gone);
    assert.equal(gone.result().id, '', 'not listed on the target any more: dropped from state');
  });

  test('the target goes away: refresh drops the attachment (EntityNotExists.Target is a 404) and destroy tolerates it', async () => {
    const { p, folderId, policyId } = await setUp();
    const d = new ResourceData(SCHEMA, {}, { policy_id: policyId, target_id: folderId });
    await create(p, d);
    const { id, state } = d.result();
    await p.client.rpcPost('ResourceManager', 'DetachControlPolicy', { PolicyId: policyId, TargetId: folderId });
    await p.client.rpcPost('ResourceManager', 'DeleteFolder', { FolderId: folderId });
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await read(p, gone);
    assert.equal(gone.result().id, '');
    const before = p.client.calls.length;
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.deepEqual(
      p.client.calls.slice(before).map((c) => `${c.action} ${c.status}`),
      ['DetachControlPolicy 404'],
    );
  });
});
