import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'CheckAccountDelete',
  ram: { action: 'resourcemanager:CheckAccountDelete', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.deletions.check(caller, params.AccountId);
    return {};
  },
});
