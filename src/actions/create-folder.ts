import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { folderShape } from './folder-shapes.js';

export default defineAction({
  name: 'CreateFolder',
  ram: { action: 'resourcemanager:CreateFolder', resources: [resource.folder] },
  params: z.object({ FolderName: z.string().optional(), ParentFolderId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const folder = await services.folders.create(caller, { name: params.FolderName, parentId: params.ParentFolderId });
    return { Folder: folderShape(folder) };
  },
});
