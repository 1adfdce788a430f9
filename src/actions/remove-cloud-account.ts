import { z } from 'zod';
import { defineAction } from './action.js';

export default defineAction({
  name: 'RemoveCloudAccount',
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    await services.members.removeCloudAccount(tx, caller, params.AccountId);
    return {};
  },
});
