import { z } from 'zod';
import { defineAction } from './action.js';
import { folderShape } from './folder-shapes.js';

export default defineAction({
  name: 'CreateFolder',
  params: z.object({ FolderName: z.string().optional(), ParentFolderId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    const folder = await services.folders.create(tx, caller, { name: params.FolderName, parentId: params.ParentFolderId });
    return { Folder: folderShape(folder) };
  },
});
