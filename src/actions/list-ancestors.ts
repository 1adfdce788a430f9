import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { folderList } from './folder-shapes.js';

export default defineAction({
  name: 'ListAncestors',
  ram: { action: 'resourcemanager:ListAncestors', resources: [resource.any] },
  params: z.object({ ChildId: z.string().optional() }),
  async handle({ caller, services }, params) {
    return { Folders: folderList(await services.folders.ancestors(caller, params.ChildId)) };
  },
});
