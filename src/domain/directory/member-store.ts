import type { Membership, Switch } from './resource-directory.js';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** A `Tag.N` filter: the key must be present, with this value when one is given. */
export interface TagFilter {
  readonly key: string;
  readonly value?: string;
}

export interface MemberFilter {
  /** Only members placed directly in this folder. */
  readonly folderId?: string;
  /** Case-insensitive literal substring of the display name; empty or absent means all. */
  readonly keyword?: string;
  /** Every filter must match (AND). */
  readonly tags: readonly TagFilter[];
}

/** A membership with what the API shows beside it. */
export interface Member {
  readonly membership: Membership;
  readonly accountName: string;
  /** The name in the directory: the member's own when set, else the account's display name. */
  readonly displayName: string;
}

/** Members of resource directories, beyond what DirectoryStore keeps (the management account's row). */
export interface MemberStore {
  get(accountId: string): Promise<Member | undefined>;
  /**
   * Adds a member with its display name and tags unless the directory already has a member of that
   * display name (the SQL unique index decides, also against concurrent transactions). False when taken.
   */
  insert(membership: Membership, displayName: string, tags: readonly Tag[]): Promise<boolean>;
  /** Members of a directory (the management account included) ordered by join time, then account ID. */
  list(directoryId: string, filter: MemberFilter, offset: number, limit: number): Promise<Member[]>;
  count(directoryId: string, filter: MemberFilter): Promise<number>;
  /** Tags of each account, ordered by key; accounts without tags are absent from the map. */
  tags(accountIds: readonly string[]): Promise<Map<string, Tag[]>>;
  /** True when a member of the directory other than `exceptAccountId` shows this display name. */
  displayNameTaken(directoryId: string, displayName: string, exceptAccountId?: string): Promise<boolean>;
  rename(accountId: string, displayName: string, modifiedAt: Date): Promise<void>;
  move(accountId: string, folderId: string, modifiedAt: Date): Promise<void>;
  /** Ends a membership and drops the account's tags; the account itself stays, standalone. */
  remove(accountId: string): Promise<void>;
  setMemberDeletionStatus(directoryId: string, status: Switch): Promise<void>;

  /** The latest deletion check or deletion of an account, if any (it outlives the deleted account). */
  deletion(accountId: string): Promise<AccountDeletion | undefined>;
  /** Starts (or restarts) a deletion check; the caller has made sure no deletion is under way. */
  startDeletionCheck(accountId: string, directoryId: string, startedAt: Date, doneAt: Date): Promise<void>;
  /**
   * Moves a completed check (`Checking` with `checkDoneAt` <= `startedAt`) to `Deleting`, due at `dueAt`.
   * False, changing nothing, when there is no such check (also when a concurrent transaction started it).
   */
  startDeletion(accountId: string, startedAt: Date, dueAt: Date): Promise<boolean>;
  /**
   * Completes the directory's deletions due at `now`: each row goes from `Deleting` to `Success` by a
   * conditional UPDATE (one transaction wins, whichever reads first), and the winner drops the
   * membership, the tags, the AccessKeys and the account itself. Returns the account IDs it completed.
   */
  finishDeletions(directoryId: string, now: Date): Promise<string[]>;
}

export type DeletionState = 'Checking' | 'Deleting' | 'Success';

export interface AccountDeletion {
  readonly accountId: string;
  readonly directoryId: string;
  readonly status: DeletionState;
  readonly checkStartedAt: Date;
  readonly checkDoneAt: Date;
  readonly deletionStartedAt: Date | null;
  readonly deletionDueAt: Date | null;
}
