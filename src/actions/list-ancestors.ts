import { z } from 'zod';
import { defineAction } from './action.js';
import { folderList } from './folder-shapes.js';

export default defineAction({
  name: 'ListAncestors',
  params: z.object({ ChildId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    return { Folders: folderList(await services.folders.ancestors(tx, caller, params.ChildId)) };
  },
});
