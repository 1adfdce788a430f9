import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'DeleteFolder',
  ram: { action: 'resourcemanager:DeleteFolder', resources: [resource.folder] },
  params: z.object({ FolderId: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.folders.delete(caller, params.FolderId);
    return {};
  },
});
