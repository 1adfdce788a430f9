import type { Folder, Membership, ResourceDirectory } from './resource-directory.js';

export interface DirectoryStore {
  /** Creates the directory, its Root folder and the management account's membership together. */
  insert(directory: ResourceDirectory, root: Folder, master: Membership): Promise<void>;
  get(id: string): Promise<ResourceDirectory | undefined>;
  /** True when a directory or folder already uses this ID. */
  idTaken(id: string): Promise<boolean>;
  /** Deletes the directory, its Root folder and the management account's membership. */
  remove(id: string): Promise<void>;
  /** The directory role an account holds, if any. An account holds at most one (enforced in SQL). */
  membership(accountId: string): Promise<Membership | undefined>;
  addMember(member: Membership): Promise<void>;
  /** Members other than the management account. */
  countMembers(directoryId: string): Promise<number>;
  /** Folders other than Root. */
  countFolders(directoryId: string): Promise<number>;
  insertFolder(folder: Folder): Promise<void>;
}
