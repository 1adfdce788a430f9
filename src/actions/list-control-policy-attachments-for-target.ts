import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { attachmentItem } from './control-policy-shapes.js';

/** Every policy on the target, unpaged as documented; Terraform waits here for `PolicyType: Custom` after attaching. */
export default defineAction({
  name: 'ListControlPolicyAttachmentsForTarget',
  ram: { action: 'resourcemanager:ListControlPolicyAttachmentsForTarget', resources: [resource.any] },
  params: z.object({ TargetId: z.string().optional(), Language: z.string().optional() }),
  async handle({ caller, services }, params) {
    const attached = await services.controlPolicies.attachmentsFor(caller, { targetId: params.TargetId, language: params.Language });
    return { ControlPolicyAttachments: { ControlPolicyAttachment: attached.map(attachmentItem) } };
  },
});
