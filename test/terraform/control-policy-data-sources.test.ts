import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { legacyDescribeControlPolicy } from '../helpers/terraform-control-policies.js';
import { asMap, jsonpathGet, optionalArray, sprint, WrappedError } from '../helpers/terraform-errors.js';
import type { Provider } from '../helpers/terraform-services.js';
import { ProviderPanic } from '../helpers/terraform-wire.js';
import { PAGE_SIZE, pages, strings } from './data-source-reads.js';
import { managedDirectory } from './setup.js';

/**
 * The control-policy data sources, replayed call for call:
 * data_source_alicloud_resource_manager_control_policies.go dataSourceAlicloudResourceManagerControlPoliciesRead
 * (RM ListControlPolicies, 50 a page, no retry but the SDK's; with enable_details the legacy
 * GetControlPolicy per item) and data_source_alicloud_resource_manager_control_policy_attachments.go
 * dataSourceAlicloudResourceManagerControlPolicyAttachmentsRead (one RM ListControlPolicyAttachmentsForTarget).
 */

/** formatInt: nil is 0, a number or a numeric string its value; anything else panics (strconv.Atoi). */
function formatInt(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw new ProviderPanic(`formatInt: ${JSON.stringify(value)}`);
}

async function controlPolicies(
  p: Provider,
  args: { ids?: string[]; nameRegex?: RegExp; language?: string; policyType?: string; enableDetails?: boolean } = {},
) {
  const request: Record<string, unknown> = {};
  if (args.language) request['Language'] = args.language;
  if (args.policyType) request['PolicyType'] = args.policyType;
  request['PageSize'] = PAGE_SIZE;
  const items = await pages(
    (body) =>
      p.client.rpcPost('ResourceManager', 'ListControlPolicies', body).catch((err) => {
        throw new WrappedError('ListControlPolicies', err);
      }),
    request,
    '$.ControlPolicies.ControlPolicy',
  );
  const kept = items.filter(
    (item) =>
      (!args.nameRegex || args.nameRegex.test(sprint(item['PolicyName']))) && (!args.ids || args.ids.includes(sprint(item['PolicyId']))),
  );
  const policies = [];
  for (const object of kept) {
    const mapping: Record<string, unknown> = {
      attachment_count: formatInt(object['AttachmentCount']),
      control_policy_name: object['PolicyName'],
      description: object['Description'],
      effect_scope: object['EffectScope'],
      id: sprint(object['PolicyId']),
      policy_id: sprint(object['PolicyId']),
      policy_type: object['PolicyType'],
    };
    if (args.enableDetails)
      mapping['policy_document'] = (await legacyDescribeControlPolicy(p, sprint(object['PolicyId'])))['PolicyDocument'];
    policies.push(strings(mapping, ['control_policy_name', 'description', 'effect_scope', 'policy_type', 'policy_document']));
  }
  return { ids: policies.map((m) => m['id']), names: kept.map((o) => o['PolicyName']), policies };
}

async function controlPolicyAttachments(p: Provider, args: { targetId: string; language?: string; policyType?: string }) {
  const request: Record<string, unknown> = {};
  if (args.language) request['Language'] = args.language;
  request['TargetId'] = args.targetId;
  const response = await p.client.rpcPost('ResourceManager', 'ListControlPolicyAttachmentsForTarget', request).catch((err) => {
    throw new WrappedError('ListControlPolicyAttachmentsForTarget', err);
  });
  const list = optionalArray(jsonpathGet('$.ControlPolicyAttachments.ControlPolicyAttachment', response));
  const attachments = list
    .map((item, i) => asMap(item, `ControlPolicyAttachment[${i}]`))
    .filter((item) => !args.policyType || args.policyType === sprint(item['PolicyType']))
    .map((item) =>
      strings(
        {
          id: `${sprint(item['PolicyId'])}:${args.targetId}`,
          attach_date: item['AttachDate'],
          description: item['Description'],
          policy_id: item['PolicyId'],
          policy_name: item['PolicyName'],
          policy_type: item['PolicyType'],
        },
        ['attach_date', 'description', 'policy_id', 'policy_name', 'policy_type'],
      ),
    );
  return { ids: attachments.map((a) => a.id), attachments };
}

const DOCUMENT = '{"Version":"1","Statement":[{"Effect":"Deny","Action":["ram:UpdateRole"],"Resource":"*"}]}';

describe('terraform: control policy data sources', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('control_policies: the system and custom policies, pages of 50, filters, details with the legacy GetControlPolicy', async () => {
    const { p } = await managedDirectory(harness);
    // 50 custom policies and FullAliyunAccess: a full first page, so a second one is asked for.
    for (let i = 0; i < 50; i++) {
      await p.client.rpcPost('ResourceManager', 'CreateControlPolicy', {
        PolicyName: `tf-cp-${i}`,
        EffectScope: 'RAM',
        PolicyDocument: DOCUMENT,
      });
    }
    p.client.calls.length = 0;
    const all = await controlPolicies(p);
    assert.deepEqual(p.client.sequence(), ['RM ListControlPolicies', 'RM ListControlPolicies']);
    assert.equal(all.policies.length, 51);
    assert.deepEqual(all.policies[0], {
      attachment_count: 0,
      control_policy_name: 'FullAliyunAccess',
      description: '支持阿里云所有操作的系统管控策略',
      effect_scope: 'All',
      id: 'cp-FullAliyunAccess',
      policy_id: 'cp-FullAliyunAccess',
      policy_type: 'System',
    });

    const custom = await controlPolicies(p, { policyType: 'Custom', nameRegex: /^tf-cp-1$/ });
    assert.deepEqual(custom.names, ['tf-cp-1']);
    assert.deepEqual((await controlPolicies(p, { policyType: 'System' })).ids, ['cp-FullAliyunAccess']);
    const byId = await controlPolicies(p, { ids: [custom.ids[0] as string] });
    assert.deepEqual(byId.names, ['tf-cp-1']);

    const before = p.client.calls.length;
    const detailed = await controlPolicies(p, { policyType: 'System', language: 'en', enableDetails: true });
    assert.deepEqual(p.client.sequence().slice(before), ['RM ListControlPolicies', 'RM GetControlPolicy']);
    assert.equal(p.client.calls.at(-1)!.body['RegionId'], 'cn-hangzhou');
    assert.equal(
      JSON.parse(detailed.policies[0]!['policy_document'] as string).Version,
      '1',
      'the system policy reads with GetControlPolicy',
    );
    const customDetails = await controlPolicies(p, { ids: [custom.ids[0] as string], enableDetails: true });
    assert.equal(customDetails.policies[0]!['policy_document'], DOCUMENT);
  });

  test('control_policy_attachments: one call, the client-side policy_type filter, a target that is gone fails the read', async () => {
    const { p, rootId } = await managedDirectory(harness);
    await p.client.rpcPost('ResourceManager', 'EnableControlPolicy', {});
    const policy = await p.client.rpcPost('ResourceManager', 'CreateControlPolicy', {
      PolicyName: 'tf-a',
      EffectScope: 'RAM',
      PolicyDocument: DOCUMENT,
    });
    const policyId = policy['ControlPolicy']['PolicyId'];
    await p.client.rpcPost('ResourceManager', 'AttachControlPolicy', { PolicyId: policyId, TargetId: rootId });
    p.client.calls.length = 0;
    const all = await controlPolicyAttachments(p, { targetId: rootId, language: 'en' });
    assert.deepEqual(p.client.sequence(), ['RM ListControlPolicyAttachmentsForTarget']);
    assert.deepEqual(all.ids, [`cp-FullAliyunAccess:${rootId}`, `${policyId}:${rootId}`]);
    assert.deepEqual(
      (await controlPolicyAttachments(p, { targetId: rootId, policyType: 'Custom' })).attachments.map((a) => a.policy_name),
      ['tf-a'],
    );
    assert.deepEqual((await controlPolicyAttachments(p, { targetId: rootId, policyType: 'fake' })).attachments, []);
    await assert.rejects(
      controlPolicyAttachments(p, { targetId: 'fd-gone123456' }),
      (err: any) => err.cause?.code === 'EntityNotExists.Target',
    );
  });
});
