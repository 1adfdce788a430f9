import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { policyShape } from './control-policy-shapes.js';

export default defineAction({
  name: 'UpdateControlPolicy',
  ram: { action: 'resourcemanager:UpdateControlPolicy', resources: [resource.any] },
  params: z.object({
    PolicyId: z.string().optional(),
    NewPolicyName: z.string().optional(),
    NewDescription: z.string().optional(),
    NewPolicyDocument: z.string().optional(),
  }),
  async handle({ caller, services }, params) {
    const policy = await services.controlPolicies.update(caller, {
      policyId: params.PolicyId,
      name: params.NewPolicyName,
      description: params.NewDescription,
      document: params.NewPolicyDocument,
    });
    return { ControlPolicy: policyShape(policy) };
  },
});
