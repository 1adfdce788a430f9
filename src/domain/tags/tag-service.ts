import { ApiError, missingParameter } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { ResourceDirectory } from '../directory/resource-directory.js';
import { type DirectoryScope, folderIn, memberIn } from '../directory/scope.js';
import type { DomainStores } from '../store.js';
import { MAX_RESOURCES_PER_CALL, MAX_TAGS_PER_CALL, MAX_TAGS_PER_RESOURCE, tagKeyProblem, tagValueProblem } from './rules.js';
import type { ResourceTag, ResourceTagCursor, Tag, TaggedType, TagFilter } from './tag-store.js';

/** A `Tag.N` as given: either part may be missing. */
export interface GivenTag {
  readonly key?: string | undefined;
  readonly value?: string | undefined;
}

/** One page of a listing; `next` is where the following page starts, absent on the last one. */
export interface TagPage<T, C> {
  readonly items: T[];
  readonly next?: C;
}

interface Listing<C> {
  readonly resourceType: string | undefined;
  readonly after?: C | undefined;
  readonly limit: number;
}

/**
 * Tags on a directory's members (`Account`) and folders (`Folder`), managed by its management
 * account. Writes take the directory lock, so the 20-tags-per-resource limit holds under any
 * concurrency, on any number of instances.
 */
export class TagService {
  constructor(private readonly scope: DirectoryScope) {}

  /** TagResources: sets every tag on every resource, or nothing when one of them would break a rule. */
  async tag(
    tx: DomainStores,
    caller: Account,
    input: { resourceType: string | undefined; resourceIds: readonly string[]; tags: readonly GivenTag[] },
  ) {
    const type = taggedType(input.resourceType);
    const ids = resourceIds(input.resourceIds);
    const tags = checkTags(input.tags);
    const directory = await this.scope.managed(tx, caller, 'write');
    await existing(tx, directory, type, ids);
    const current = await tx.tags.of(type, ids);
    for (const id of ids) {
      const keys = new Set([...(current.get(id) ?? []).map((t) => t.key), ...tags.map((t) => t.key)]);
      if (keys.size > MAX_TAGS_PER_RESOURCE) throw new ApiError('QuotaExceed.TagsPerResource');
    }
    for (const id of ids) await tx.tags.put(directory.id, type, id, tags);
  }

  /** UntagResources: removes the keys (every tag with `all`); keys a resource lacks are no error. */
  async untag(
    tx: DomainStores,
    caller: Account,
    input: { resourceType: string | undefined; resourceIds: readonly string[]; keys: readonly string[]; all: boolean },
  ) {
    const type = taggedType(input.resourceType);
    const ids = resourceIds(input.resourceIds);
    if (!input.all && input.keys.length === 0) throw new ApiError('MissingParameter.TagKey');
    if (input.keys.length > MAX_TAGS_PER_CALL) throw new ApiError('NumberExceed.Tags');
    const directory = await this.scope.managed(tx, caller, 'write');
    await existing(tx, directory, type, ids);
    for (const id of ids) await tx.tags.remove(type, id, input.all ? 'all' : [...new Set(input.keys)]);
  }

  /**
   * ListTagResources: (resource, tag) pairs ordered by resource, then key. With filters, only the
   * resources that carry every filter tag, and of their tags only the filtered ones.
   */
  async listResources(
    tx: DomainStores,
    caller: Account,
    input: Listing<ResourceTagCursor> & { resourceIds: readonly string[]; filters: readonly GivenTag[] },
  ): Promise<TagPage<ResourceTag, ResourceTagCursor>> {
    const type = taggedType(input.resourceType);
    if (input.resourceIds.length > MAX_RESOURCES_PER_CALL) throw new ApiError('NumberExceed.ResourceIds');
    const filters = checkFilters(input.filters);
    const directory = await this.scope.managed(tx, caller, 'read');
    const query = { type, resourceIds: [...new Set(input.resourceIds)], filters, after: input.after, limit: input.limit + 1 };
    return pageOf(await tx.tags.list(directory.id, query), input.limit, (last) => ({ resourceId: last.resourceId, key: last.key }));
  }

  /** ListTagKeys: the distinct keys on the type's resources, byte-wise ordered; `contains` matches case-insensitively. */
  async listKeys(
    tx: DomainStores,
    caller: Account,
    input: Listing<string> & { contains?: string | undefined },
  ): Promise<TagPage<string, string>> {
    const type = taggedType(input.resourceType);
    const directory = await this.scope.managed(tx, caller, 'read');
    const keys = await tx.tags.keys(directory.id, type, { contains: input.contains, after: input.after, limit: input.limit + 1 });
    return pageOf(keys, input.limit, (last) => last);
  }

  /** ListTagValues: the distinct values of one key, ordered and filtered like the keys. */
  async listValues(
    tx: DomainStores,
    caller: Account,
    input: Listing<string> & { key: string | undefined; contains?: string | undefined },
  ): Promise<TagPage<string, string>> {
    const type = taggedType(input.resourceType);
    if (!input.key) throw new ApiError('MissingParameter.TagKey');
    const directory = await this.scope.managed(tx, caller, 'read');
    const query = { contains: input.contains, after: input.after, limit: input.limit + 1 };
    return pageOf(await tx.tags.values(directory.id, type, input.key, query), input.limit, (last) => last);
  }
}

function taggedType(type: string | undefined): TaggedType {
  if (type === undefined || type === '') throw missingParameter('ResourceType');
  if (type !== 'Account' && type !== 'Folder' && type !== 'ControlPolicy') throw new ApiError('InvalidParameter.ResourceType');
  return type;
}

function resourceIds(ids: readonly string[]): string[] {
  if (ids.length === 0) throw new ApiError('MissingParameter.ResourceIds');
  if (ids.length > MAX_RESOURCES_PER_CALL) throw new ApiError('NumberExceed.ResourceIds');
  return [...new Set(ids)];
}

/**
 * Every resource must be in the caller's directory: a member (the management account included), a
 * folder (Root included) or a custom control policy (system policies carry no tags).
 */
async function existing(tx: DomainStores, directory: ResourceDirectory, type: TaggedType, ids: readonly string[]) {
  for (const id of ids) {
    if (type === 'Account') await memberIn(tx, directory, id);
    else if (type === 'Folder') await folderIn(tx, directory, id);
    else if ((await tx.controlPolicies.get(id))?.directoryId !== directory.id) throw new ApiError('EntityNotExists.ControlPolicy');
  }
}

/** The tags to set: at least one, at most 20, each key once and valid, each value valid (a missing value is empty). */
function checkTags(given: readonly GivenTag[]): Tag[] {
  if (given.length === 0) throw new ApiError('MissingParameter.Tags');
  if (given.length > MAX_TAGS_PER_CALL) throw new ApiError('NumberExceed.Tags');
  const seen = new Set<string>();
  return given.map(({ key, value = '' }) => {
    if (key === undefined || key === '') throw new ApiError('Missing.TagKey');
    if (tagKeyProblem(key)) throw new ApiError('InvalidParameter.TagKey', { args: [key] });
    if (tagValueProblem(value)) throw new ApiError('InvalidParameter.TagValue');
    if (seen.has(key)) throw new ApiError('Duplicate.TagKey');
    seen.add(key);
    return { key, value };
  });
}

function checkFilters(given: readonly GivenTag[]): TagFilter[] {
  if (given.length > MAX_TAGS_PER_CALL) throw new ApiError('NumberExceed.Tags');
  return given.map(({ key, value }) => {
    if (key === undefined || key === '') throw new ApiError('Missing.TagKey');
    return value === undefined ? { key } : { key, value };
  });
}

/** Rows fetched one past the page: the extra row only says that another page follows. */
function pageOf<T, C>(rows: T[], limit: number, cursor: (last: T) => C): TagPage<T, C> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: cursor(items[items.length - 1]!) };
}
