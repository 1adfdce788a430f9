import type { Scenarios } from './scenario.js';

/** Folders: Root ─ Engineering ─ Web in the fixture; scenarios that change a folder make their own. */
export const folderScenarios: Scenarios = {
  CreateFolder: (w) => w.call('CreateFolder', { FolderName: w.unique('Folder'), ParentFolderId: w.folderId }),

  GetFolder: async (w) => {
    await w.call('GetFolder', { FolderId: w.subfolderId });
    // Root has no parent (see the exemptions).
    await w.call('GetFolder', { FolderId: w.rootId });
  },

  ListFoldersForParent: (w) => w.call('ListFoldersForParent', { ParentFolderId: w.rootId }),

  UpdateFolder: async (w) => {
    const created = await w.call('CreateFolder', { FolderName: w.unique('Old'), ParentFolderId: w.folderId });
    await w.call('UpdateFolder', { FolderId: created['Folder']['FolderId'], NewFolderName: w.unique('New') });
  },

  DeleteFolder: async (w) => {
    const created = await w.call('CreateFolder', { FolderName: w.unique('Gone') });
    await w.call('DeleteFolder', { FolderId: created['Folder']['FolderId'] });
  },

  ListAncestors: (w) => w.call('ListAncestors', { ChildId: w.subfolderId }),
};
