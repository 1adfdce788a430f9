import type { ActionContext } from './action.js';
import { defineAction, paging, wireBoolean } from './action.js';
import { accountItem, parseTags, withTags } from './account-shapes.js';
import type { Tag } from '../domain/directory/member-store.js';

const listParams = {
  ...paging,
  IncludeTags: wireBoolean.optional(),
};

/** ListAccounts and ListAccountsForParent: the same page, with or without a folder and paths. */
export async function listPage(
  { tx, caller, services }: ActionContext,
  params: { PageNumber: number; PageSize: number; IncludeTags?: boolean | undefined } & Record<string, unknown>,
  scope: { forParent: boolean; parentFolderId?: string | undefined; keyword?: string | undefined },
) {
  const { PageNumber: pageNumber, PageSize: pageSize } = params;
  const page = await services.members.list(tx, caller, {
    filter: { tags: parseTags(params), keyword: scope.keyword },
    forParent: scope.forParent,
    parentFolderId: scope.parentFolderId,
    pageNumber,
    pageSize,
  });
  const ids = page.members.map((m) => m.membership.accountId);
  const tags = params.IncludeTags ? await tx.members.tags(ids) : undefined;
  const paths = scope.forParent ? undefined : await services.members.paths(tx, page.directory, page.members);
  const none: Tag[] = [];
  return {
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalCount: page.total,
    Accounts: {
      Account: page.members.map((member) =>
        accountItem(member, {
          path: paths?.get(member.membership.accountId),
          tags: tags && (tags.get(member.membership.accountId) ?? none),
        }),
      ),
    },
  };
}

export default defineAction({
  name: 'ListAccounts',
  params: withTags(listParams),
  handle: (context, params) => listPage(context, params, { forParent: false }),
});

export { listParams };
