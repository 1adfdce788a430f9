import { z } from 'zod';
import { defineAction, pageFields, pageRequest, paging, resource } from './action.js';
import { folderList } from './folder-shapes.js';

export default defineAction({
  name: 'ListFoldersForParent',
  ram: { action: 'resourcemanager:ListFoldersForParent', resources: [resource.folder] },
  params: z.object({
    ParentFolderId: z.string().optional(),
    QueryKeyword: z.string().optional(),
    ...paging,
  }),
  async handle({ caller, services }, params) {
    const request = pageRequest(params);
    const page = await services.folders.listChildren(caller, {
      parentId: params.ParentFolderId,
      keyword: params.QueryKeyword,
      ...request,
    });
    return pageFields(request, page.total, { Folders: folderList(page.items) });
  },
});
