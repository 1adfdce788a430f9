import { z } from 'zod';
import { defineAction, resource } from './action.js';

/** The Control Policy switch of the caller's directory: PendingEnable, then Enabled once settled (docs/api.md). */
export default defineAction({
  name: 'EnableControlPolicy',
  ram: { action: 'resourcemanager:EnableControlPolicy', resources: [resource.any] },
  params: z.object({}),
  async handle({ caller, services }) {
    return { EnablementStatus: await services.controlPolicies.enable(caller) };
  },
});
