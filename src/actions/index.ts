import type { Action } from './action.js';
import createFolder from './create-folder.js';
import deleteFolder from './delete-folder.js';
import getFolder from './get-folder.js';
import listAncestors from './list-ancestors.js';
import listFoldersForParent from './list-folders-for-parent.js';
import updateFolder from './update-folder.js';
import destroyResourceDirectory from './destroy-resource-directory.js';
import enableResourceDirectory from './enable-resource-directory.js';
import getResourceDirectory from './get-resource-directory.js';
import initResourceDirectory from './init-resource-directory.js';
import sendVerificationCodeForEnableRd from './send-verification-code-for-enable-rd.js';

/** The registry, and the table of contents of the API Canopy serves. */
export const actions: readonly Action[] = [
  sendVerificationCodeForEnableRd,
  enableResourceDirectory,
  initResourceDirectory,
  getResourceDirectory,
  destroyResourceDirectory,
  createFolder,
  getFolder,
  listFoldersForParent,
  updateFolder,
  deleteFolder,
  listAncestors,
];

export const API_VERSION = '2020-03-31';

export const actionsByName: ReadonlyMap<string, Action> = new Map(actions.map((action) => [action.name, action]));
