import { z } from 'zod';
import { defineAction } from './action.js';
import { folderShape } from './folder-shapes.js';

export default defineAction({
  name: 'GetFolder',
  params: z.object({ FolderId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    const { folder, path } = await services.folders.get(tx, caller, params.FolderId);
    return { Folder: { ...folderShape(folder), ResourceDirectoryPath: path } };
  },
});
