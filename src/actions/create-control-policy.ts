import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { policyShape } from './control-policy-shapes.js';

export default defineAction({
  name: 'CreateControlPolicy',
  ram: { action: 'resourcemanager:CreateControlPolicy', resources: [resource.any] },
  params: z.object({
    PolicyName: z.string().optional(),
    Description: z.string().optional(),
    EffectScope: z.string().optional(),
    PolicyDocument: z.string().optional(),
  }),
  async handle({ caller, services }, params) {
    const policy = await services.controlPolicies.create(caller, {
      name: params.PolicyName,
      description: params.Description,
      effectScope: params.EffectScope,
      document: params.PolicyDocument,
    });
    return { ControlPolicy: policyShape(policy) };
  },
});
