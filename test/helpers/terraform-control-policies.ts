import { asArray, asMap, isExpectedErrors, jsonpathGet, ResourceNotFound, sprint, WrappedError } from './terraform-errors.js';
import { describe, MINUTE, type Provider, rpcWithRetry } from './terraform-services.js';

/**
 * The provider's control-policy service helpers, replayed call for call from
 * alicloud/service_alicloud_resource_manager_v2.go (ResourceManagerServiceV2) and, for the data
 * source's details, service_alicloud_resourcemanager.go (the legacy ResourcemanagerService).
 */

/** DescribeResourceManagerControlPolicy (V2): RM GetControlPolicy; EntityNotExists.ControlPolicy is "gone". */
export const describeControlPolicy = (p: Provider, id: string) =>
  describe(
    p,
    { product: 'ResourceManager', action: 'GetControlPolicy', body: { PolicyId: id }, timeoutMs: MINUTE },
    { codes: ['EntityNotExists.ControlPolicy'], resource: 'ControlPolicy', id },
    '$.ControlPolicy',
  );

/** DescribeControlPolicyListTagResources (V2): one RDM ListTagResources, no NextToken loop; the whole response. */
export async function describeControlPolicyTags(p: Provider, id: string): Promise<Record<string, any>> {
  return rpcWithRetry(p, {
    product: 'ResourceDirectoryMaster',
    action: 'ListTagResources',
    body: { 'ResourceId.1': id, ResourceType: 'ControlPolicy' },
    timeoutMs: MINUTE,
  }).catch((err) => {
    throw new WrappedError('ListTagResources', err);
  });
}

/**
 * DescribeResourceManagerControlPolicyAttachment (V2): the ID is `<PolicyId>:<TargetId>`; RM
 * ListControlPolicyAttachmentsForTarget for the target (no code is "gone": a 404 still is, through
 * NotFoundError), `$.ControlPolicyAttachments.ControlPolicyAttachment[*]`: a missing key is an error,
 * an empty list or no item with the policy's ID is NotFound.
 */
export async function describeControlPolicyAttachment(p: Provider, id: string): Promise<Record<string, any>> {
  const [policyId, targetId] = id.split(':');
  let response: Record<string, any>;
  try {
    response = await rpcWithRetry(p, {
      product: 'ResourceManager',
      action: 'ListControlPolicyAttachmentsForTarget',
      body: { TargetId: targetId },
      timeoutMs: MINUTE,
    });
  } catch (err) {
    throw new WrappedError('ListControlPolicyAttachmentsForTarget', err);
  }
  // `[*]` on the list: its elements (jsonpathGet replays the plain path up to it).
  const items = asArray(
    jsonpathGet('$.ControlPolicyAttachments.ControlPolicyAttachment', response),
    '$.ControlPolicyAttachments.ControlPolicyAttachment[*]',
  );
  if (items.length === 0) throw new ResourceNotFound('ControlPolicyAttachment', id);
  for (const item of items) {
    const attachment = asMap(item, 'ControlPolicyAttachment');
    if (sprint(attachment['PolicyId']) === policyId) return attachment;
  }
  throw new ResourceNotFound('ControlPolicyAttachment', id);
}

/**
 * The legacy ResourcemanagerService.DescribeResourceManagerControlPolicy: RM GetControlPolicy with the
 * provider's region, no retry wrapper, EntityNotExists.ControlPolicy is NotFound, `$.ControlPolicy` a map.
 */
export async function legacyDescribeControlPolicy(p: Provider, id: string): Promise<Record<string, any>> {
  let response: Record<string, any>;
  try {
    response = await p.client.rpcPost('ResourceManager', 'GetControlPolicy', { RegionId: p.regionId, PolicyId: id });
  } catch (err) {
    if (isExpectedErrors(err, ['EntityNotExists.ControlPolicy'])) throw new ResourceNotFound('ResourceManagerControlPolicy', id, err);
    throw new WrappedError('GetControlPolicy', err);
  }
  return asMap(jsonpathGet('$.ControlPolicy', response), '$.ControlPolicy');
}
