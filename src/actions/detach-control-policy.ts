import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'DetachControlPolicy',
  ram: { action: 'resourcemanager:DetachControlPolicy', resources: [resource.any] },
  params: z.object({ PolicyId: z.string().optional(), TargetId: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.controlPolicies.detach(caller, { policyId: params.PolicyId, targetId: params.TargetId });
    return {};
  },
});
