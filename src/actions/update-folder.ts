import { z } from 'zod';
import { defineAction } from './action.js';
import { folderShape } from './folder-shapes.js';

export default defineAction({
  name: 'UpdateFolder',
  params: z.object({ FolderId: z.string().optional(), NewFolderName: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    const folder = await services.folders.rename(tx, caller, { folderId: params.FolderId, name: params.NewFolderName });
    return { Folder: folderShape(folder) };
  },
});
