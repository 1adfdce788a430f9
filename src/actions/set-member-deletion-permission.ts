import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'SetMemberDeletionPermission',
  ram: { action: 'resourcemanager:SetMemberDeletionPermission', resources: [resource.any] },
  params: z.object({ Status: z.string() }),
  async handle({ caller, services }, params) {
    const directory = await services.directory.setSwitch(caller, 'memberDeletion', params.Status);
    return {
      ManagementAccountId: directory.masterAccountId,
      MemberDeletionStatus: directory.memberDeletionStatus,
      ResourceDirectoryId: directory.id,
    };
  },
});
