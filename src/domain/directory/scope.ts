import { ApiError } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { DomainStores } from '../store.js';
import type { Folder, ResourceDirectory } from './resource-directory.js';

/**
 * What a management account may act on. Folder, member and invitation operations all start here, so
 * a member or a standalone account, or another directory's folder, is refused the same way everywhere.
 */

/** The directory the caller manages; members and standalone accounts manage none. */
export async function managedDirectory(tx: DomainStores, caller: Account): Promise<ResourceDirectory> {
  const membership = await tx.directories.membership(caller.id);
  const directory = membership?.role === 'master' ? await tx.directories.get(membership.directoryId) : undefined;
  if (!directory) throw new ApiError('EntityNotExists.ResourceDirectory');
  return directory;
}

/** A folder of this directory; another directory's folder does not exist for this caller. */
export async function folderIn(tx: DomainStores, directory: ResourceDirectory, id: string): Promise<Folder> {
  const folder = await tx.folders.get(id);
  if (!folder || folder.directoryId !== directory.id) throw new ApiError('EntityNotExists.Folder');
  return folder;
}
