import { z } from 'zod';
import type { ActionContext } from './action.js';
import { defineAction, pageFields, pageRequest, paging, resource, wireBoolean, withLists } from './action.js';
import { accountItem, parseTags } from './account-shapes.js';
import type { Tag } from '../domain/tags/tag-store.js';

export const listParams = {
  ...paging,
  IncludeTags: wireBoolean.optional(),
};

/** ListAccounts and ListAccountsForParent: the same page, with or without a folder and paths. */
export async function listPage(
  { caller, version, services }: ActionContext,
  params: { PageNumber: number; PageSize: number; IncludeTags?: boolean | undefined } & Record<string, unknown>,
  scope: { forParent: boolean; parentFolderId?: string | undefined; keyword?: string | undefined },
) {
  const request = pageRequest(params);
  const page = await services.members.list(
    caller,
    Object.assign({}, request, {
      filter: { tags: parseTags(params), keyword: scope.keyword },
      forParent: scope.forParent,
      parentFolderId: scope.parentFolderId,
      includeTags: params.IncludeTags ?? false,
    }),
  );
  const none: Tag[] = [];
  return pageFields(request, page.total, {
    Accounts: {
      Account: page.items.map((member) =>
        accountItem(member, {
          version,
          path: page.paths?.get(member.membership.accountId),
          tags: page.tags && (page.tags.get(member.membership.accountId) ?? none),
          deletionStatus: page.deletionStatuses.get(member.membership.accountId) ?? '',
        }),
      ),
    },
  });
}

export default defineAction({
  name: 'ListAccounts',
  ram: { action: 'resourcemanager:ListAccounts', resources: [resource.anyAccount] },
  // QueryKeyword is a 2022-04-19 parameter; 2020-03-31 has none, and ignores it.
  params: withLists({ ...listParams, QueryKeyword: z.string().optional() }),
  handle: (context, params) =>
    listPage(context, params, { forParent: false, keyword: context.version === '2022-04-19' ? params.QueryKeyword : undefined }),
});
