import type { AttachedControlPolicy, TargetAttachment } from '../domain/policies/policy-store.js';
import type { ControlPolicyView } from '../domain/policies/policy-view.js';
import { isoSeconds, wireInt } from './action.js';

/**
 * Paging of ListControlPolicies and ListTargetAttachmentsForControlPolicy: the metadata bounds
 * PageNumber at 200000 and PageSize at 100 (defaults 1 and 10).
 */
export const policyPaging = {
  PageNumber: wireInt(1, 200_000).default(1),
  PageSize: wireInt(1, 100).default(10),
};

/**
 * `ControlPolicy` as Create/Get/Update/ListControlPolicies return it: times in seconds
 * (`2021-03-18T09:24:19Z`), AttachmentCount a string, as documented. GetControlPolicy adds the document.
 */
export function policyShape(p: ControlPolicyView) {
  return {
    UpdateDate: isoSeconds(p.updatedAt),
    Description: p.description,
    EffectScope: p.effectScope,
    AttachmentCount: String(p.attachmentCount),
    PolicyName: p.name,
    PolicyId: p.id,
    CreateDate: isoSeconds(p.createdAt),
    PolicyType: p.type,
  };
}

/** An item of `ControlPolicyAttachments.ControlPolicyAttachment` (ListControlPolicyAttachmentsForTarget). */
export const attachmentItem = (p: AttachedControlPolicy) => ({
  Description: p.description,
  EffectScope: p.effectScope,
  PolicyName: p.name,
  PolicyId: p.id,
  AttachDate: isoSeconds(p.attachedAt),
  PolicyType: p.type,
});

/** An item of `TargetAttachments.TargetAttachment` (ListTargetAttachmentsForControlPolicy). */
export const targetItem = (t: TargetAttachment) => ({
  TargetId: t.targetId,
  TargetName: t.targetName,
  AttachDate: isoSeconds(t.attachedAt),
  TargetType: t.targetType,
});
