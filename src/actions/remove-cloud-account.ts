import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'RemoveCloudAccount',
  ram: { action: 'resourcemanager:RemoveCloudAccount', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.members.removeCloudAccount(caller, params.AccountId);
    return {};
  },
});
