import { z } from 'zod';
import { defineAction, isoTime } from './action.js';

export default defineAction({
  name: 'GetAccountDeletionStatus',
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    const status = await services.members.deletionStatus(tx, caller, params.AccountId);
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
