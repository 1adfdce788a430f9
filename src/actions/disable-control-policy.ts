import { z } from 'zod';
import { defineAction, resource } from './action.js';

/** The Control Policy switch of the caller's directory: PendingDisable, then Disabled once settled (docs/api.md). */
export default defineAction({
  name: 'DisableControlPolicy',
  ram: { action: 'resourcemanager:DisableControlPolicy', resources: [resource.any] },
  params: z.object({}),
  async handle({ caller, services }) {
    return { EnablementStatus: await services.controlPolicies.disable(caller) };
  },
});
