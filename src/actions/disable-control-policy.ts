import { z } from 'zod';
import { defineAction, resource } from './action.js';

/** The Control Policy switch of the caller's directory; it takes effect at once (docs/api.md). */
export default defineAction({
  name: 'DisableControlPolicy',
  ram: { action: 'resourcemanager:DisableControlPolicy', resources: [resource.any] },
  params: z.object({}),
  async handle({ caller, services }) {
    return { EnablementStatus: await services.directory.setControlPolicy(caller, 'Disabled') };
  },
});
