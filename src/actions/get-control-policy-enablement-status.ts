import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'GetControlPolicyEnablementStatus',
  ram: { action: 'resourcemanager:GetControlPolicyEnablementStatus', resources: [resource.any] },
  params: z.object({}),
  async handle({ caller, services }) {
    return { EnablementStatus: await services.controlPolicies.status(caller) };
  },
});
