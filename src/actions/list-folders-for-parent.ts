import { z } from 'zod';
import { defineAction, paging } from './action.js';
import { folderList } from './folder-shapes.js';


export default defineAction({
  name: 'ListFoldersForParent',
  params: z.object({
    ParentFolderId: z.string().optional(),
    QueryKeyword: z.string().optional(),
    ...paging,
  }),
  async handle({ tx, caller, services }, params) {
    const { PageNumber: pageNumber, PageSize: pageSize } = params;
    const page = await services.folders.listChildren(tx, caller, {
      parentId: params.ParentFolderId,
      keyword: params.QueryKeyword,
      pageNumber,
      pageSize,
    });
    return { PageNumber: pageNumber, PageSize: pageSize, TotalCount: page.total, Folders: folderList(page.folders) };
  },
});
