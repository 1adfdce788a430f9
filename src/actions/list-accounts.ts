import type { ActionContext } from './action.js';
import { defineAction, wireBoolean } from './action.js';
import { accountItem, parseTags, wireInt, withTags } from './account-shapes.js';
import type { Tag } from '../domain/directory/member-store.js';

const listParams = {
  PageNumber: wireInt(1, 2 ** 31 - 1).optional(),
  PageSize: wireInt(1, 100).optional(),
  IncludeTags: wireBoolean.optional(),
};

/** ListAccounts and ListAccountsForParent: the same page, with or without a folder and paths. */
export async function listPage(
  { tx, caller, services }: ActionContext,
  params: { PageNumber?: number | undefined; PageSize?: number | undefined; IncludeTags?: boolean | undefined } & Record<string, unknown>,
  scope: { forParent: boolean; parentFolderId?: string | undefined; keyword?: string | undefined },
) {
  const pageNumber = params.PageNumber ?? 1;
  const pageSize = params.PageSize ?? 10;
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
