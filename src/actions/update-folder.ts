import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { folderShape } from './folder-shapes.js';

export default defineAction({
  name: 'UpdateFolder',
  ram: { action: 'resourcemanager:UpdateFolder', resources: [resource.folder] },
  params: z.object({ FolderId: z.string().optional(), NewFolderName: z.string().optional() }),
  async handle({ caller, services }, params) {
    const folder = await services.folders.rename(caller, { folderId: params.FolderId, name: params.NewFolderName });
    return { Folder: folderShape(folder) };
  },
});
