import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { describeControlPolicy, describeControlPolicyTags } from '../helpers/terraform-control-policies.js';
import { idFrom, isExpectedErrors, notFoundError, tagsToMap, WrappedError } from '../helpers/terraform-errors.js';
import { ResourceData } from '../helpers/terraform-sdk.js';
import { describeOrDrop, type Provider, rpcWithRetry, setResourceTags } from '../helpers/terraform-services.js';
import { managedDirectory } from './setup.js';

/**
 * alicloud_resource_manager_control_policy, replayed from
 * alicloud/resource_alicloud_resource_manager_control_policy.go: …ControlPolicyCreate, …Read, …Update,
 * …Delete (import: passthrough, then Read), over service_alicloud_resource_manager_v2.go:
 * DescribeResourceManagerControlPolicy, DescribeControlPolicyListTagResources and SetResourceTags.
 * `effect_scope` is ForceNew; `policy_document` is compared as JSON (compareJsonTemplateAreEquivalent).
 */

const SCHEMA = {
  control_policy_name: 'string',
  create_time: 'string?',
  description: 'string',
  effect_scope: 'string',
  policy_document: 'string',
  tags: 'map',
} as const;

const DOCUMENT = `{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": ["ram:UpdateRole", "ram:DeleteRole", "ram:AttachPolicyToRole", "ram:DetachPolicyFromRole"],
      "Resource": "acs:ram:*:*:role/ResourceDirectoryAccountAccessRole"
    }
  ]
}`;

async function create(p: Provider, d: ResourceData): Promise<void> {
  const body: Record<string, unknown> = { PolicyDocument: d.get('policy_document') };
  const [description, hasDescription] = d.getOk('description');
  if (hasDescription) body['Description'] = description;
  body['PolicyName'] = d.get('control_policy_name');
  body['EffectScope'] = d.get('effect_scope');
  const response = await rpcWithRetry(p, {
    product: 'ResourceManager',
    action: 'CreateControlPolicy',
    body,
    timeoutMs: d.timeoutMs,
    codes: ['ConcurrentCallNotSupported'],
  }).catch((err) => {
    throw new WrappedError('CreateControlPolicy', err);
  });
  d.id = idFrom('$.ControlPolicy.PolicyId', response);
  d.isNew = true;
  await update(p, d);
}

async function read(p: Provider, d: ResourceData): Promise<void> {
  const object = await describeOrDrop(d, () => describeControlPolicy(p, d.id));
  if (object === undefined) return;
  d.setAttr('control_policy_name', object['PolicyName']);
  d.setAttr('create_time', object['CreateDate']);
  d.setAttr('description', object['Description']);
  d.setAttr('effect_scope', object['EffectScope']);
  d.setAttr('policy_document', object['PolicyDocument']);
  let tags: Record<string, any> = {};
  try {
    tags = await describeControlPolicyTags(p, d.id);
  } catch (err) {
    if (!notFoundError(err)) throw err;
  }
  d.setAttr('tags', tagsToMap(tags['TagResources']));
}

async function update(p: Provider, d: ResourceData): Promise<void> {
  const changed = ['policy_document', 'description', 'control_policy_name'].some((key) => !d.isNew && d.hasChange(key));
  if (changed) {
    const body: Record<string, unknown> = { PolicyId: d.id, NewPolicyDocument: d.get('policy_document') };
    if (!d.isNew && d.hasChange('description')) body['NewDescription'] = d.get('description');
    body['NewPolicyName'] = d.get('control_policy_name');
    await rpcWithRetry(p, {
      product: 'ResourceManager',
      action: 'UpdateControlPolicy',
      body,
      timeoutMs: d.timeoutMs,
      codes: ['ConcurrentCallNotSupported'],
    }).catch((err) => {
      throw new WrappedError('UpdateControlPolicy', err);
    });
  }
  await setResourceTags(p, d, 'ControlPolicy');
  await read(p, d);
}

async function destroy(p: Provider, d: ResourceData): Promise<void> {
  try {
    await rpcWithRetry(p, {
      product: 'ResourceManager',
      action: 'DeleteControlPolicy',
      body: { PolicyId: d.id },
      timeoutMs: d.timeoutMs,
      codes: ['ConcurrentCallNotSupported'],
    });
  } catch (err) {
    if (isExpectedErrors(err, ['EntityNotExists.ControlPolicy']) || notFoundError(err)) return;
    throw new WrappedError('DeleteControlPolicy', err);
  }
}

/** compareJsonTemplateAreEquivalent: both sides decoded and encoded again with sorted keys. */
const canonical = (json: string) => JSON.stringify(sortKeys(JSON.parse(json)));
const sortKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sortKeys)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
        )
      : value;

describe('terraform: alicloud_resource_manager_control_policy', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('create (with and without tags), refresh, update name, description, document and tags, import, destroy, refresh when gone', async () => {
    const { p } = await managedDirectory(harness);
    const config = { control_policy_name: 'tf-example', description: 'tf-example', effect_scope: 'RAM', policy_document: DOCUMENT };
    const plain = new ResourceData(SCHEMA, {}, config);
    await create(p, plain);
    assert.deepEqual(p.client.sequence(), ['RM CreateControlPolicy', 'RM GetControlPolicy', 'RDM ListTagResources']);
    let { id, state } = plain.result();
    assert.match(id, /^cp-[A-Za-z0-9]{16}$/);
    assert.equal(canonical(state['policy_document'] as string), canonical(DOCUMENT), 'the document comes back as sent');
    assert.deepEqual(
      [state['control_policy_name'], state['description'], state['effect_scope'], state['tags']],
      ['tf-example', 'tf-example', 'RAM', {}],
    );
    assert.deepEqual(new ResourceData(SCHEMA, state, config, id).changes(), [], 'no diff after apply');

    const tagged = new ResourceData(SCHEMA, {}, { ...config, control_policy_name: 'tf-tagged', tags: { env: 'prod', team: 'core' } });
    const before = p.client.calls.length;
    await create(p, tagged);
    assert.deepEqual(p.client.sequence().slice(before), [
      'RM CreateControlPolicy',
      'RDM TagResources',
      'RM GetControlPolicy',
      'RDM ListTagResources',
    ]);
    assert.deepEqual(tagged.result().state['tags'], { env: 'prod', team: 'core' });

    const refreshed = ResourceData.refresh(SCHEMA, id, state);
    await read(p, refreshed);
    assert.deepEqual(refreshed.result(), { id, state });

    // Name, document and description change: one UpdateControlPolicy; the description removed is sent empty.
    const document = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'ecs:*', Resource: '*' }] });
    const calls = p.client.calls.length;
    const u = new ResourceData(
      SCHEMA,
      state,
      { ...config, control_policy_name: 'tf-renamed', description: '', policy_document: document, tags: { a: 'b' } },
      id,
    );
    await update(p, u);
    assert.deepEqual(p.client.sequence().slice(calls), [
      'RM UpdateControlPolicy',
      'RDM TagResources',
      'RM GetControlPolicy',
      'RDM ListTagResources',
    ]);
    assert.equal(p.client.calls[calls]!.body['NewDescription'], '');
    ({ id, state } = u.result());
    assert.deepEqual(
      [state['control_policy_name'], state['description'], state['policy_document'], state['tags']],
      ['tf-renamed', '', document, { a: 'b' }],
    );

    // Tags only: no UpdateControlPolicy.
    const tagsOnly = p.client.calls.length;
    const t = new ResourceData(
      SCHEMA,
      state,
      { ...config, control_policy_name: 'tf-renamed', description: '', policy_document: document, tags: {} },
      id,
    );
    await update(p, t);
    assert.deepEqual(p.client.sequence().slice(tagsOnly), ['RDM UntagResources', 'RM GetControlPolicy', 'RDM ListTagResources']);
    ({ id, state } = t.result());

    const imported = ResourceData.refresh(SCHEMA, id);
    await read(p, imported);
    assert.deepEqual(imported.result(), { id, state });

    const deletes = p.client.calls.length;
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.deepEqual(p.client.sequence().slice(deletes), ['RM DeleteControlPolicy']);
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await read(p, gone);
    assert.equal(gone.result().id, '', 'EntityNotExists.ControlPolicy drops it from state');
    assert.equal(p.client.calls.at(-1)?.status, 404);
    // A second destroy (someone deleted it meanwhile) is tolerated.
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
  });
});
