import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { folderShape } from './folder-shapes.js';

export default defineAction({
  name: 'GetFolder',
  ram: { action: 'resourcemanager:GetFolder', resources: [resource.folder] },
  params: z.object({ FolderId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const { folder, path } = await services.folders.get(caller, params.FolderId);
    return { Folder: Object.assign(folderShape(folder), { ResourceDirectoryPath: path }) };
  },
});
