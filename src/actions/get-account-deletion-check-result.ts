import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'GetAccountDeletionCheckResult',
  ram: { action: 'resourcemanager:GetAccountDeletionCheckResult', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const result = await services.deletions.checkResult(caller, params.AccountId);
    return {
      AccountDeletionCheckResultInfo: {
        Status: result.status,
        // A string on the wire ("true"/"false"), as the SDK models it.
        AllowDelete: String(result.allowDelete),
        NotAllowReason: [],
        AbandonableChecks: [],
      },
    };
  },
});
