import { z } from 'zod';
import { defineAction } from './action.js';
import { folderList } from './folder-shapes.js';

/** A decimal integer parameter within [min, max]; anything else is InvalidParameter naming it. */
const wireInt = (min: number, max: number) => z.string().regex(/^\d{1,10}$/).transform(Number).pipe(z.number().int().min(min).max(max));

export default defineAction({
  name: 'ListFoldersForParent',
  params: z.object({
    ParentFolderId: z.string().optional(),
    QueryKeyword: z.string().optional(),
    PageNumber: wireInt(1, 2 ** 31 - 1).optional(),
    PageSize: wireInt(1, 100).optional(),
  }),
  async handle({ tx, caller, services }, params) {
    const pageNumber = params.PageNumber ?? 1;
    const pageSize = params.PageSize ?? 10;
    const page = await services.folders.listChildren(tx, caller, {
      parentId: params.ParentFolderId,
      keyword: params.QueryKeyword,
      pageNumber,
      pageSize,
    });
    return { PageNumber: pageNumber, PageSize: pageSize, TotalCount: page.total, Folders: folderList(page.folders) };
  },
});
