import { z } from 'zod';
import { defineAction, resource, wireBoolean } from './action.js';
import { accountBase } from './account-shapes.js';

export default defineAction({
  name: 'UpdateAccount',
  ram: { action: 'resourcemanager:UpdateAccount', resources: [resource.account] },
  params: z.object({
    AccountId: z.string().optional(),
    NewDisplayName: z.string().optional(),
    NewAccountType: z.string().optional(),
    // 2022-04-19 documents it; 2020-03-31 takes it the same way.
    DryRun: wireBoolean.optional(),
  }),
  async handle({ caller, services }, params) {
    const member = await services.members.update(caller, {
      accountId: params.AccountId,
      newDisplayName: params.NewDisplayName,
      newAccountType: params.NewAccountType,
      dryRun: params.DryRun ?? false,
    });
    return { Account: accountBase(member) };
  },
});
