import type { Soon } from '../store.js';
import type { Folder, Membership, PolicyStatus, ResourceDirectory, Switch } from './resource-directory.js';

export interface DirectoryStore {
  /** Creates the directory, its Root folder and the management account's membership together. */
  insert(directory: ResourceDirectory, root: Folder, master: Membership): Promise<void>;
  get(id: string): Promise<ResourceDirectory | undefined>;
  /** True when a directory or folder already uses this ID. */
  idTaken(id: string): Promise<boolean>;
  /** Deletes the directory, its Root folder and the management account's membership. */
  remove(id: string): Promise<void>;
  /**
   * The directory lock: changes to one directory's folders, members and invitations take turns until
   * the transaction ends, so counts and checks made under it hold under concurrency, on other
   * instances too (a row lock on PostgreSQL; SQLite transactions already run one at a time).
   * Answers the directory as it stands once locked, which a copy read before the lock may not be
   * (another transaction may have changed its switches meanwhile); undefined when it is gone.
   */
  lock(directory: ResourceDirectory): Promise<ResourceDirectory | undefined>;
  setMemberDeletionStatus(id: string, status: Switch): Promise<void>;
  setDisplayNameSyncStatus(id: string, status: Switch): Promise<void>;
  setControlPolicyStatus(id: string, status: PolicyStatus, changedAt: Date): Promise<void>;
  /** The directory role an account holds, if any. An account holds at most one (enforced in SQL). */
  membership(accountId: string): Promise<Membership | undefined>;
  /** As `membership`, read with the transaction's next statement. */
  membershipSoon(accountId: string): Soon<Membership | undefined>;
  addMember(member: Membership): Promise<void>;
  /** Members other than the management account. */
  countMembers(directoryId: string): Promise<number>;
  /** Folders other than Root. */
  countFolders(directoryId: string): Promise<number>;
  /** Inserts a folder as it is, name checks left to the caller (the Root folder; test set-ups). */
  insertFolder(folder: Folder): Promise<void>;
}
