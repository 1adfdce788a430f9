import { z } from 'zod';
import { defineAction } from './action.js';

export default defineAction({
  name: 'MoveAccount',
  params: z.object({ AccountId: z.string().optional(), DestinationFolderId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    await services.members.move(tx, caller, { accountId: params.AccountId, destinationFolderId: params.DestinationFolderId });
    return {};
  },
});
