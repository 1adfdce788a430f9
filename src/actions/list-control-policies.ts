import { z } from 'zod';
import { defineAction, pageFields, pageRequest, resource } from './action.js';
import { policyPaging, policyShape } from './control-policy-shapes.js';

export default defineAction({
  name: 'ListControlPolicies',
  ram: { action: 'resourcemanager:ListControlPolicies', resources: [resource.any] },
  params: z.object({ PolicyType: z.string().optional(), Language: z.string().optional(), ...policyPaging }),
  async handle({ caller, services }, params) {
    const request = pageRequest(params);
    const page = await services.controlPolicies.list(
      caller,
      Object.assign({}, request, { policyType: params.PolicyType, language: params.Language }),
    );
    return pageFields(request, page.total, { ControlPolicies: { ControlPolicy: page.items.map(policyShape) } });
  },
});
