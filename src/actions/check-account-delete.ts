import { z } from 'zod';
import { defineAction } from './action.js';

export default defineAction({
  name: 'CheckAccountDelete',
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    await services.members.checkAccountDelete(tx, caller, params.AccountId);
    return {};
  },
});
