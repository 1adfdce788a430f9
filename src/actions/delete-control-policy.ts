import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'DeleteControlPolicy',
  ram: { action: 'resourcemanager:DeleteControlPolicy', resources: [resource.any] },
  params: z.object({ PolicyId: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.controlPolicies.delete(caller, params.PolicyId);
    return {};
  },
});
