import { ApiError } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import type { DomainStores } from '../store.js';
import type { Member } from './member-store.js';
import type { Folder, ResourceDirectory } from './resource-directory.js';

/**
 * How an operation takes part in a directory. `write`: it changes the directory's folders, members
 * or invitations, so it takes the directory lock first (its counts and checks then hold on every
 * instance until it commits). `read`: it does not. `view`: a read that the documentation also
 * allows a delegated administrator of a trusted service (docs/api.md, "Delegated administrators").
 */
export type DirectoryAccess = 'read' | 'write' | 'view';

/**
 * Every folder, member, invitation and deletion operation enters its directory here, so none can
 * forget a step: the directory lock for writers, then the member deletions that have fallen due are
 * finished, so no operation ever sees or counts a member whose deletion has ended.
 */
export class DirectoryScope {
  constructor(private readonly clock: Clock) {}

  /**
   * The directory the caller manages; members and standalone accounts manage none
   * (EntityNotExists.ResourceDirectory). With `view`, also the directory of a member registered as a
   * delegated administrator of at least one trusted service: the one place that admits them.
   */
  async managed(tx: DomainStores, caller: Account, access: DirectoryAccess): Promise<ResourceDirectory> {
    const membership = await tx.directories.membership(caller.id);
    const admitted =
      membership?.role === 'master' ||
      (access === 'view' && membership?.role === 'member' && (await tx.delegations.servicesOf(caller.id)).length > 0);
    const directory = membership && admitted ? await tx.directories.get(membership.directoryId) : undefined;
    if (!directory) throw new ApiError('EntityNotExists.ResourceDirectory');
    return this.enter(tx, directory, access);
  }

  /**
   * Enters a directory found another way (an invitation's). A writer gets the directory as it stands
   * under the lock, so checks of its switches hold until the transaction ends.
   */
  async enter(tx: DomainStores, directory: ResourceDirectory, access: DirectoryAccess): Promise<ResourceDirectory> {
    const entered = access === 'write' ? await tx.directories.lock(directory) : directory;
    if (!entered) throw new ApiError('EntityNotExists.ResourceDirectory');
    await tx.deletions.finishDue(entered.id, this.clock.now());
    return entered;
  }
}

/** A folder of this directory; another directory's folder does not exist for this caller. */
export async function folderIn(tx: DomainStores, directory: ResourceDirectory, id: string): Promise<Folder> {
  const folder = await tx.folders.get(id);
  if (!folder || folder.directoryId !== directory.id) throw new ApiError('EntityNotExists.Folder');
  return folder;
}

/** A member of this directory (the management account included); anyone else does not exist here. */
export async function memberIn(tx: DomainStores, directory: ResourceDirectory, accountId: string): Promise<Member> {
  const member = await tx.members.get(accountId);
  if (!member || member.membership.directoryId !== directory.id) throw new ApiError('EntityNotExists.Account');
  return member;
}
