import { z } from 'zod';
import { defineAction, resource, withLists } from './action.js';

import { listPage, listParams } from './list-accounts.js';

export default defineAction({
  name: 'ListAccountsForParent',
  ram: { action: 'resourcemanager:ListAccountsForParent', resources: [resource.folder] },
  params: withLists({ ...listParams, ParentFolderId: z.string().optional(), QueryKeyword: z.string().optional() }),
  handle: (context, params) =>
    listPage(context, params, { forParent: true, parentFolderId: params.ParentFolderId, keyword: params.QueryKeyword }),
});
