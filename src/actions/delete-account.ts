import { z } from 'zod';
import { ApiError } from '../errors/api-error.js';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'DeleteAccount',
  ram: { action: 'resourcemanager:DeleteAccount', resources: [resource.account] },
  // AbandonableCheckId arrives as one JSON-encoded string (`["c1","c2"]`), spec 1.
  params: z.object({ AccountId: z.string().optional(), AbandonableCheckId: z.string().optional() }),
  async handle({ caller, version, services }, params) {
    try {
      const deletionType = await services.deletions.delete(caller, {
        accountId: params.AccountId,
        abandonableCheckId: params.AbandonableCheckId,
      });
      return { DeletionType: deletionType };
    } catch (error) {
      // 2022-04-19 documents its own code for a deletion already under way.
      if (version === '2022-04-19' && error instanceof ApiError && error.code === 'NotSupportedOperation.DeletingAccount') {
        throw new ApiError('ExistProcessingDeleteFlow.DeleteAccount');
      }
      throw error;
    }
  },
});
