import { invalidParameter, missingParameter } from '../errors/api-error.js';
import type { Member } from '../domain/directory/member-store.js';
import { MAX_TAGS_PER_CALL, tagKeyProblem, tagValueProblem } from '../domain/tags/rules.js';
import type { Tag, TagFilter } from '../domain/tags/tag-store.js';
import { indexedObjects } from '../protocol/indexed-params.js';
import { type ApiVersion, isoTime } from './action.js';

/**
 * The `Tag.N` list, in N order. A value without a key is MissingParameter `Tag.N.Key`; keys and
 * values that break the tag rules (src/domain/tags/rules.ts), a key given twice or more than 20
 * tags are InvalidParameter naming the parameter.
 */
export function parseTags(params: Readonly<Record<string, unknown>>): TagFilter[] {
  const seen = new Set<string>();
  return indexedObjects(params, 'Tag', ['Key', 'Value'], MAX_TAGS_PER_CALL).map(({ name, value: { Key: key, Value: value } }) => {
    if (key === undefined || key === '') throw missingParameter(`${name}.Key`);
    if (tagKeyProblem(key) || seen.has(key)) throw invalidParameter(`${name}.Key`);
    if (value !== undefined && tagValueProblem(value)) throw invalidParameter(`${name}.Value`);
    seen.add(key);
    return value === undefined ? { key } : { key, value };
  });
}

/** Tags to store: a key without a value gets the empty value. */
export const tagsToStore = (filters: readonly TagFilter[]): Tag[] => filters.map((t) => ({ key: t.key, value: t.value ?? '' }));

const wireTag = (tag: Tag) => ({ Key: tag.key, Value: tag.value });

/** The fields every Account shape has (CreateResourceAccount, UpdateAccount, list items, GetAccount). */
export function accountBase({ membership: m, accountName, displayName }: Member) {
  return {
    AccountId: m.accountId,
    AccountName: accountName,
    DisplayName: displayName,
    FolderId: m.folderId,
    JoinMethod: m.joinMethod,
    JoinTime: isoTime(m.joinedAt),
    ModifyTime: isoTime(m.modifiedAt),
    ResourceDirectoryId: m.directoryId,
    Status: m.status,
    Type: m.type,
  };
}

/**
 * An item of `Accounts.Account` (ListAccounts, ListAccountsForParent): `Tags.Tag` is always an array
 * when asked for (spec 1). 2022-04-19 items carry `AccountName` and `DeletionStatus` (empty when no
 * deletion is under way); 2020-03-31 items have neither, as its metadata and SDK models document
 * (Terraform's accounts data source calls GetAccount for the name).
 */
export function accountItem(
  member: Member,
  options: { version: ApiVersion; path?: string | undefined; tags?: readonly Tag[] | undefined; deletionStatus: string },
) {
  const { AccountName, ...base } = accountBase(member);
  return Object.assign(
    {},
    base,
    options.version === '2022-04-19' ? { AccountName } : {},
    options.path === undefined ? {} : { ResourceDirectoryPath: options.path },
    options.tags === undefined ? {} : { Tags: { Tag: options.tags.map(wireTag) } },
    options.version === '2022-04-19' ? { DeletionStatus: options.deletionStatus } : {},
  );
}

/** GetAccount's `Tags` is a plain array (spec 1). */
export const plainTags = (tags: readonly Tag[]) => tags.map(wireTag);
