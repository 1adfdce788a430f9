import type { Folder } from './resource-directory.js';

/** Folders of resource directories, beyond what DirectoryStore keeps (Root, counting). */
export interface FolderStore {
  get(id: string): Promise<Folder | undefined>;
  /**
   * Inserts a non-root folder unless its parent already has a child of that name (the SQL unique
   * index decides, also against concurrent transactions). Returns false when the name was taken.
   */
  insert(folder: Folder): Promise<boolean>;
  /**
   * Direct children of `parentId` whose name contains `keyword` (case-insensitive; empty means all),
   * ordered by creation time, then ID.
   */
  listChildren(parentId: string, keyword: string, offset: number, limit: number): Promise<Folder[]>;
  countChildren(parentId: string, keyword: string): Promise<number>;
  /** True when `parentId` has a child named exactly `name` other than `exceptId`. */
  nameTaken(parentId: string, name: string, exceptId?: string): Promise<boolean>;
  rename(id: string, name: string): Promise<void>;
  /** Deletes one folder; the caller has checked that it holds no subfolders and no accounts. */
  remove(id: string): Promise<void>;
  /** Every ancestor of the folder, Root first, not the folder itself (empty for Root or an unknown ID). */
  ancestors(id: string): Promise<Folder[]>;
  /** Directory memberships (the management account's included) placed in this folder. */
  countAccounts(folderId: string): Promise<number>;
}
