import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'AttachControlPolicy',
  ram: { action: 'resourcemanager:AttachControlPolicy', resources: [resource.any] },
  params: z.object({ PolicyId: z.string().optional(), TargetId: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.controlPolicies.attach(caller, { policyId: params.PolicyId, targetId: params.TargetId });
    return {};
  },
});
