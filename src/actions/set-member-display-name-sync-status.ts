import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'SetMemberDisplayNameSyncStatus',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:SetMemberDisplayNameSyncStatus', resources: [resource.any] },
  params: z.object({ Status: z.string() }),
  async handle({ caller, services }, params) {
    const directory = await services.directory.setSwitch(caller, 'memberDisplayNameSync', params.Status);
    return { MemberAccountDisplayNameSyncStatus: directory.memberDisplayNameSyncStatus };
  },
});
