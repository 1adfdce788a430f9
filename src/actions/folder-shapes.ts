import type { Folder } from '../domain/directory/resource-directory.js';
import { isoTime } from './action.js';

/** `Folder` as CreateFolder, UpdateFolder (and, with the path, GetFolder) return it. Root has no ParentFolderId. */
export function folderShape(folder: Folder) {
  return {
    CreateTime: isoTime(folder.createdAt),
    FolderId: folder.id,
    FolderName: folder.name,
    ...(folder.parentId === null ? {} : { ParentFolderId: folder.parentId }),
  };
}

/** An item of `Folders.Folder` in ListFoldersForParent and ListAncestors. */
export function folderItem(folder: Folder) {
  return { CreateTime: isoTime(folder.createdAt), FolderId: folder.id, FolderName: folder.name };
}

/** The list wrapper: always an array, even with one folder or none (spec 1). */
export const folderList = (folders: readonly Folder[]) => ({ Folder: folders.map(folderItem) });
