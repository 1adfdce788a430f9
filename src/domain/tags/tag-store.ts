/** A tag on a resource: one value per key. */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** A `Tag.N` filter: the key must be present, with this value when one is given. */
export interface TagFilter {
  readonly key: string;
  readonly value?: string;
}

/** What can carry tags in a directory: members, folders and custom control policies (Terraform tags those). */
export type TaggedType = 'Account' | 'Folder' | 'ControlPolicy';

export interface ResourceTag extends Tag {
  readonly resourceType: TaggedType;
  readonly resourceId: string;
}

/** Where a listing goes on from: the last row of the previous page, in the listing's order. */
export interface ResourceTagCursor {
  readonly resourceId: string;
  readonly key: string;
}

export interface ResourceTagQuery {
  readonly type: TaggedType;
  /** Only these resources; empty means every resource of the type in the directory. */
  readonly resourceIds: readonly string[];
  /** Resources that carry every filter tag, and of those only the filtered tags; empty: every tag. */
  readonly filters: readonly TagFilter[];
  readonly after?: ResourceTagCursor | undefined;
  readonly limit: number;
}

/** A listing of distinct keys or values: those containing `contains` (case-insensitively), after `after`. */
export interface DistinctQuery {
  readonly contains?: string | undefined;
  readonly after?: string | undefined;
  readonly limit: number;
}

/**
 * Tags of a directory's members and folders. Listings are ordered byte-wise (resource, then key;
 * keys; values) so that a cursor taken from one page picks up exactly where it ended.
 */
export interface TagStore {
  /** Tags of each resource, ordered by key; resources without tags are absent from the map. */
  of(type: TaggedType, resourceIds: readonly string[]): Promise<Map<string, Tag[]>>;
  /** Sets each tag on the resource, replacing the value of a key it already has. */
  put(directoryId: string, type: TaggedType, resourceId: string, tags: readonly Tag[]): Promise<void>;
  /** Removes these keys from the resource ('all': every tag it has). */
  remove(type: TaggedType, resourceId: string, keys: readonly string[] | 'all'): Promise<void>;
  /** Every tag of the directory's resources (when its last member and folder go). */
  clear(directoryId: string): Promise<void>;
  list(directoryId: string, query: ResourceTagQuery): Promise<ResourceTag[]>;
  keys(directoryId: string, type: TaggedType, query: DistinctQuery): Promise<string[]>;
  values(directoryId: string, type: TaggedType, key: string, query: DistinctQuery): Promise<string[]>;
}
