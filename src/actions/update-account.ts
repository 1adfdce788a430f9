import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { accountBase } from './account-shapes.js';

export default defineAction({
  name: 'UpdateAccount',
  ram: { action: 'resourcemanager:UpdateAccount', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional(), NewDisplayName: z.string().optional(), NewAccountType: z.string().optional() }),
  async handle({ caller, services }, params) {
    const member = await services.members.update(caller, {
      accountId: params.AccountId,
      newDisplayName: params.NewDisplayName,
      newAccountType: params.NewAccountType,
    });
    return { Account: accountBase(member) };
  },
});
