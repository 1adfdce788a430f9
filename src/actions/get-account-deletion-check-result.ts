import { z } from 'zod';
import { defineAction } from './action.js';

export default defineAction({
  name: 'GetAccountDeletionCheckResult',
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    const result = await services.members.deletionCheckResult(tx, caller, params.AccountId);
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
