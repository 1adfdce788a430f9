import type { DeletionState } from './deletion-store.js';
import type { Membership } from './resource-directory.js';

import type { TagFilter } from '../tags/tag-store.js';

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
  /** The member's deletion, when one is under way (absent otherwise). */
  readonly deletion?: { readonly status: DeletionState; readonly checkDoneAt: Date };
}

/** Members of resource directories, beyond what DirectoryStore keeps (the management account's row). */
export interface MemberStore {
  get(accountId: string): Promise<Member | undefined>;
  /**
   * Adds a member with its display name unless the directory already has a member of that display
   * name (the SQL unique index decides, also against concurrent transactions). False when taken.
   */
  insert(membership: Membership, displayName: string): Promise<boolean>;
  /** Members of a directory (the management account included) ordered by join time, then account ID. */
  list(directoryId: string, filter: MemberFilter, offset: number, limit: number): Promise<Member[]>;
  count(directoryId: string, filter: MemberFilter): Promise<number>;
  /** True when a member of the directory other than `exceptAccountId` shows this display name. */
  displayNameTaken(directoryId: string, displayName: string, exceptAccountId?: string): Promise<boolean>;
  rename(accountId: string, displayName: string, modifiedAt: Date): Promise<void>;
  move(accountId: string, folderId: string, modifiedAt: Date): Promise<void>;
  /** Switches the member between resource and cloud account, with the status the switch leaves. */
  switchType(accountId: string, type: Membership['type'], status: string, modifiedAt: Date): Promise<void>;
  /** The member's billing account; null when it pays for itself (or is no member). */
  payer(accountId: string): Promise<string | null>;
  /** Sets the member's billing account; null: the member pays for itself. */
  setPayer(accountId: string, payerAccountId: string | null): Promise<void>;
  /**
   * Ends a membership and drops the account's tags, contact bindings and delegated-administrator
   * registrations; the account itself stays, standalone.
   */
  remove(accountId: string): Promise<void>;
}
