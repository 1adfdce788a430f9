import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'DeleteAccount',
  ram: { action: 'resourcemanager:DeleteAccount', resources: [resource.account] },
  // AbandonableCheckId arrives as one JSON-encoded string (`["c1","c2"]`), spec 1.
  params: z.object({ AccountId: z.string().optional(), AbandonableCheckId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const deletionType = await services.deletions.delete(caller, {
      accountId: params.AccountId,
      abandonableCheckId: params.AbandonableCheckId,
    });
    return { DeletionType: deletionType };
  },
});
