import { z } from 'zod';
import { defineAction } from './action.js';

export default defineAction({
  name: 'DeleteAccount',
  // AbandonableCheckId arrives as one JSON-encoded string (`["c1","c2"]`), spec 1.
  params: z.object({ AccountId: z.string().optional(), AbandonableCheckId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    const deletionType = await services.members.deleteAccount(tx, caller, { accountId: params.AccountId, abandonableCheckId: params.AbandonableCheckId });
    return { DeletionType: deletionType };
  },
});
