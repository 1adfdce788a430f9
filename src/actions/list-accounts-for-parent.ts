import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { withTags } from './account-shapes.js';
import { listPage, listParams } from './list-accounts.js';

export default defineAction({
  name: 'ListAccountsForParent',
  ram: { action: 'resourcemanager:ListAccountsForParent', resources: [resource.folder] },
  params: withTags({ ...listParams, ParentFolderId: z.string().optional(), QueryKeyword: z.string().optional() }),
  handle: (context, params) =>
    listPage(context, params, { forParent: true, parentFolderId: params.ParentFolderId, keyword: params.QueryKeyword }),
});
