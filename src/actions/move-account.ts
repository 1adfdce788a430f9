import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'MoveAccount',
  ram: { action: 'resourcemanager:MoveAccount', resources: [resource.account, resource.folder] },
  params: z.object({ AccountId: z.string().optional(), DestinationFolderId: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.members.move(caller, { accountId: params.AccountId, destinationFolderId: params.DestinationFolderId });
    return {};
  },
});
