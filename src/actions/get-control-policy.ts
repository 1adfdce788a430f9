import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { policyShape } from './control-policy-shapes.js';

/** A custom policy of the caller's directory or a system policy (Terraform's control_policies data source reads those too). */
export default defineAction({
  name: 'GetControlPolicy',
  ram: { action: 'resourcemanager:GetControlPolicy', resources: [resource.any] },
  params: z.object({ PolicyId: z.string().optional(), Language: z.string().optional() }),
  async handle({ caller, services }, params) {
    const policy = await services.controlPolicies.get(caller, { policyId: params.PolicyId, language: params.Language });
    return { ControlPolicy: { PolicyDocument: policy.document, ...policyShape(policy) } };
  },
});
