import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'GetPayerForAccount',
  ram: { action: 'resourcemanager:GetPayerForAccount', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const payer = await services.billing.getPayer(caller, params.AccountId);
    return { PayerAccountId: payer.accountId, PayerAccountName: payer.accountName };
  },
});
