import type { Account } from '../accounts/account.js';

export type PolicyStatus = 'Enabled' | 'PendingEnable' | 'Disabled' | 'PendingDisable';
export type Switch = 'Enabled' | 'Disabled';

export interface ResourceDirectory {
  readonly id: string;
  readonly masterAccountId: string;
  readonly rootFolderId: string;
  readonly createdAt: Date;
  /**
   * The Control Policy switch. Stored as Enabled or Disabled; read through
   * src/domain/policies/enablement.ts, which shows PendingEnable / PendingDisable until it settles.
   */
  readonly controlPolicyStatus: PolicyStatus;
  /** When the switch last changed; null if it never did. */
  readonly controlPolicyChangedAt: Date | null;
  readonly memberDeletionStatus: Switch;
  readonly memberDisplayNameSyncStatus: Switch;
}

export interface Folder {
  readonly id: string;
  readonly directoryId: string;
  readonly name: string;
  /** Null for the Root folder. */
  readonly parentId: string | null;
  readonly createdAt: Date;
}

export type MemberRole = 'master' | 'member';

/** An account's place in a directory: the management account, or a member. */
export interface Membership {
  readonly accountId: string;
  readonly directoryId: string;
  readonly folderId: string;
  readonly role: MemberRole;
  readonly type: 'CloudAccount' | 'ResourceAccount';
  readonly joinMethod: 'invited' | 'created';
  readonly status: string;
  readonly joinedAt: Date;
  readonly modifiedAt: Date;
}

/** A directory as the API shows it: with its management account resolved. */
export interface DirectoryView {
  readonly directory: ResourceDirectory;
  readonly master: Account;
}
