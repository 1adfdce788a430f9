import { ApiError } from '../../errors/api-error.js';
import type { Account, Site } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import { alnum, uniqueId, type Random } from '../random.js';
import { type Page, type PageRequest, page } from '../paging.js';
import { attachDefaultPolicy } from '../policies/enablement.js';
import type { DomainStores } from '../store.js';
import type { Folder } from './resource-directory.js';
import { FOLDER_ID } from './ids.js';
import { type DirectoryScope, folderIn } from './scope.js';

/** Folder levels below Root (spec 8; not adjustable). */
export const MAX_FOLDER_DEPTH = 5;
export const MAX_FOLDER_NAME_LENGTH = 24;

const NAME_INTERNATIONAL = /^[A-Za-z0-9_.-]+$/;
const NAME_CHINA = /^[A-Za-z0-9_.\-\u4e00-\u9fa5]+$/;

export interface FolderSettings {
  /** Folders per directory, Root excluded (spec 8: 100, adjustable). */
  readonly quota: number;
}

/** A folder with the path the API shows for it: `rd-.../r-.../fd-...`. */
export interface FolderDetails {
  readonly folder: Folder;
  readonly path: string;
}

type FolderIdParam = 'FolderId' | 'ChildId' | 'ParentFolderId';

/** Folders of a resource directory, managed by its management account. */
export class FolderService {
  private readonly namePattern: RegExp;

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    site: Site,
    private readonly scope: DirectoryScope,
    private readonly settings: FolderSettings,
  ) {
    this.namePattern = site === 'china' ? NAME_CHINA : NAME_INTERNATIONAL;
  }

  async create(tx: DomainStores, caller: Account, input: { name: string | undefined; parentId: string | undefined }): Promise<Folder> {
    const name = this.checkName(input.name);
    const parentParam = input.parentId || undefined;
    if (parentParam !== undefined) checkId(parentParam, 'ParentFolderId');
    const directory = await this.scope.managed(tx, caller, 'write');
    const parent = await folderIn(tx, directory, parentParam ?? directory.rootFolderId);
    if (await tx.folders.nameTaken(parent.id, name)) throw new ApiError('InvalidParameter.Folder.Name.AlreadyUsed');
    // Root is level 0; a folder's level is its number of ancestors.
    const level = (await tx.folders.ancestors(parent.id)).length + 1;
    if (level > MAX_FOLDER_DEPTH) throw new ApiError('LimitExceeded.Folder.Depth');
    if ((await tx.directories.countFolders(directory.id)) >= this.settings.quota) throw new ApiError('QuotaExceeded.Folder.Count');
    const id = await uniqueId(
      () => `fd-${alnum(this.random, 10)}`,
      (candidate) => tx.directories.idTaken(candidate),
    );
    const folder: Folder = { id, directoryId: directory.id, name, parentId: parent.id, createdAt: this.clock.now() };
    if (!(await tx.folders.insert(folder))) throw new ApiError('InvalidParameter.Folder.Name.AlreadyUsed');
    await attachDefaultPolicy(tx, directory, { id, type: 'Folder' }, folder.createdAt);
    return folder;
  }

  async get(tx: DomainStores, caller: Account, folderId: string | undefined): Promise<FolderDetails> {
    const id = requireId(folderId, 'FolderId');
    const directory = await this.scope.managed(tx, caller, 'view');
    const folder = await folderIn(tx, directory, id);
    const ancestors = await tx.folders.ancestors(folder.id);
    return { folder, path: [directory.id, ...ancestors.map((a) => a.id), folder.id].join('/') };
  }

  async listChildren(
    tx: DomainStores,
    caller: Account,
    input: PageRequest & { parentId: string | undefined; keyword: string | undefined },
  ): Promise<Page<Folder>> {
    const parentParam = input.parentId || undefined;
    if (parentParam !== undefined) checkId(parentParam, 'ParentFolderId');
    const directory = await this.scope.managed(tx, caller, 'view');
    const parent = await folderIn(tx, directory, parentParam ?? directory.rootFolderId);
    const keyword = input.keyword ?? '';
    return page(
      input,
      () => tx.folders.countChildren(parent.id, keyword),
      (offset, limit) => tx.folders.listChildren(parent.id, keyword, offset, limit),
    );
  }

  async rename(tx: DomainStores, caller: Account, input: { folderId: string | undefined; name: string | undefined }): Promise<Folder> {
    const id = requireId(input.folderId, 'FolderId');
    const name = this.checkName(input.name);
    const directory = await this.scope.managed(tx, caller, 'write');
    const folder = await folderIn(tx, directory, id);
    if (folder.parentId === null) throw new ApiError('InvalidParameter.FolderId');
    if (folder.name === name) return folder;
    if (await tx.folders.nameTaken(folder.parentId, name, folder.id)) throw new ApiError('InvalidParameter.Folder.Name.AlreadyUsed');
    await tx.folders.rename(folder.id, name);
    return Object.assign({}, folder, { name });
  }

  async delete(tx: DomainStores, caller: Account, folderId: string | undefined): Promise<void> {
    const id = requireId(folderId, 'FolderId');
    const directory = await this.scope.managed(tx, caller, 'write');
    const folder = await folderIn(tx, directory, id);
    if (folder.parentId === null) throw new ApiError('InvalidParameter.FolderId');
    if ((await tx.folders.countChildren(folder.id, '')) > 0) throw new ApiError('DeleteConflict.Folder.SubFolder');
    if ((await tx.folders.countAccounts(folder.id)) > 0) throw new ApiError('DeleteConflict.Folder.Account');
    await tx.tags.remove('Folder', folder.id, 'all');
    await tx.controlPolicies.detachTarget(folder.id);
    await tx.contacts.unbindEverywhere(folder.id);
    await tx.folders.remove(folder.id);
  }

  async ancestors(tx: DomainStores, caller: Account, childId: string | undefined): Promise<Folder[]> {
    const id = requireId(childId, 'ChildId');
    const directory = await this.scope.managed(tx, caller, 'view');
    const child = await folderIn(tx, directory, id);
    return tx.folders.ancestors(child.id);
  }

  private checkName(name: string | undefined): string {
    if (!name) throw new ApiError('MissingParameter.Folder.Name');
    if ([...name].length > MAX_FOLDER_NAME_LENGTH) throw new ApiError('InvalidParameter.Folder.Name.Length');
    if (!this.namePattern.test(name)) throw new ApiError('InvalidParameter.Folder.Name');
    return name;
  }
}

function requireId(value: string | undefined, param: Exclude<FolderIdParam, 'ParentFolderId'>): string {
  if (!value) throw new ApiError(`MissingParameter.${param}`);
  checkId(value, param);
  return value;
}

function checkId(value: string, param: FolderIdParam): void {
  if (!FOLDER_ID.test(value)) throw new ApiError(`InvalidParameter.${param}`);
}
