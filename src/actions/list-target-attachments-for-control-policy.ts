import { z } from 'zod';
import { defineAction, pageFields, pageRequest, resource } from './action.js';
import { policyPaging, targetItem } from './control-policy-shapes.js';

export default defineAction({
  name: 'ListTargetAttachmentsForControlPolicy',
  ram: { action: 'resourcemanager:ListTargetAttachmentsForControlPolicy', resources: [resource.any] },
  params: z.object({ PolicyId: z.string().optional(), ...policyPaging }),
  async handle({ caller, services }, params) {
    const request = pageRequest(params);
    const page = await services.controlPolicies.targetsOf(caller, Object.assign({}, request, { policyId: params.PolicyId }));
    return pageFields(request, page.total, { TargetAttachments: { TargetAttachment: page.items.map(targetItem) } });
  },
});
