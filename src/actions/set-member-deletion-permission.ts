import { z } from 'zod';
import { defineAction } from './action.js';

export default defineAction({
  name: 'SetMemberDeletionPermission',
  params: z.object({ Status: z.enum(['Enabled', 'Disabled']) }),
  async handle({ tx, caller, services }, params) {
    const directory = await services.members.setMemberDeletionPermission(tx, caller, params.Status);
    return {
      ManagementAccountId: directory.masterAccountId,
      MemberDeletionStatus: directory.memberDeletionStatus,
      ResourceDirectoryId: directory.id,
    };
  },
});
