import { z } from 'zod';
import { defineAction } from './action.js';

export default defineAction({
  name: 'DeleteFolder',
  params: z.object({ FolderId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    await services.folders.delete(tx, caller, params.FolderId);
    return {};
  },
});
