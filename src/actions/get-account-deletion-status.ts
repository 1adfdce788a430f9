import { z } from 'zod';
import { defineAction, resource, isoTime } from './action.js';

export default defineAction({
  name: 'GetAccountDeletionStatus',
  ram: { action: 'resourcemanager:GetAccountDeletionStatus', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const status = await services.deletions.status(caller, params.AccountId);
    return {
      RdAccountDeletionStatus: {
        AccountId: status.accountId,
        CreateTime: isoTime(status.createdAt),
        ...(status.deletedAt === null ? {} : { DeletionTime: isoTime(status.deletedAt) }),
        DeletionType: '0',
        FailReasonList: [],
        Status: status.status,
      },
    };
  },
});
