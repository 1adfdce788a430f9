import { z } from 'zod';
import { chinaTime, defineAction, resource } from './action.js';

export default defineAction({
  name: 'GetAccountDeletionStatus',
  ram: { action: 'resourcemanager:GetAccountDeletionStatus', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const status = await services.deletions.status(caller, params.AccountId);
    return {
      RdAccountDeletionStatus: {
        AccountId: status.accountId,
        CreateTime: chinaTime(status.createdAt),
        ...(status.deletedAt === null ? {} : { DeletionTime: chinaTime(status.deletedAt) }),
        DeletionType: '0',
        FailReasonList: [],
        Status: status.status,
      },
    };
  },
});
