import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'UpdatePayerForAccount',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:UpdatePayerForAccount', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional(), PayerAccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.billing.updatePayer(caller, { accountId: params.AccountId, payerAccountId: params.PayerAccountId });
    return {};
  },
});
