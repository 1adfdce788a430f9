import type { CatalogEntry } from './entry.js';

/** Folders: CreateFolder, GetFolder, ListFoldersForParent, UpdateFolder, DeleteFolder, ListAncestors (spec 6.15-6.20). */
export const folders = {
  'MissingParameter.FolderId': { status: 400, message: 'You must specify FolderId.' },
  'InvalidParameter.FolderId': { status: 400, message: 'The FolderId is invalid.' },
  'MissingParameter.ChildId': { status: 400, message: 'You must specify ChildId.' },
  'InvalidParameter.ChildId': { status: 400, message: 'The ChildId is invalid.' },
  'InvalidParameter.ParentFolderId': { status: 400, message: 'The ParentFolderId is invalid.' },
  'EntityNotExists.Folder': { status: 404, message: 'The resource directory folder does not exist.' },
  'MissingParameter.Folder.Name': { status: 400, message: 'You must specify the resource folder name.' },
  'InvalidParameter.Folder.Name': { status: 400, message: 'The Name of folder is invalid.' },
  'InvalidParameter.Folder.Name.Length': { status: 400, message: 'The Name of folder exceeds the length limit.' },
  'InvalidParameter.Folder.Name.AlreadyUsed': {
    status: 400,
    message: 'The name already exists under the same parent. Please change to another name.',
  },
  'LimitExceeded.Folder.Depth': { status: 409, message: 'The folder depth exceeds the limit of 5.' },
  'QuotaExceeded.Folder.Count': { status: 409, message: 'The number of folders exceeds the quota.' },
  'DeleteConflict.Folder.SubFolder': { status: 409, message: 'This folder has sub folders.' },
  'DeleteConflict.Folder.Account': { status: 409, message: 'This folder has accounts.' },
} as const satisfies Record<string, CatalogEntry>;
