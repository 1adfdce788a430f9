import { z } from 'zod';
import { defineAction } from './action.js';
import { accountBase } from './account-shapes.js';

export default defineAction({
  name: 'UpdateAccount',
  params: z.object({ AccountId: z.string().optional(), NewDisplayName: z.string().optional(), NewAccountType: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    const member = await services.members.update(tx, caller, {
      accountId: params.AccountId,
      newDisplayName: params.NewDisplayName,
      newAccountType: params.NewAccountType,
    });
    return { Account: accountBase(member) };
  },
});
