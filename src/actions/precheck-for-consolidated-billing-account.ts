import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'PrecheckForConsolidatedBillingAccount',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:PrecheckForConsolidatedBillingAccount', resources: [resource.account] },
  params: z.object({ BillingAccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const check = await services.billing.precheck(caller, params.BillingAccountId);
    return { Result: check.result, Reasons: check.reasons };
  },
});
