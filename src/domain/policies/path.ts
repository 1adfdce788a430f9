import type { Member } from '../directory/member-store.js';
import type { Folder, ResourceDirectory } from '../directory/resource-directory.js';
import type { DomainStores } from '../store.js';
import type { DocumentCache } from './document-cache.js';
import type { AttachedPolicy, PathLevel, PathTarget } from './evaluate.js';

/** The folders from Root down to `folderId` (itself included); empty when it is not a folder of the directory. */
async function foldersDownTo(tx: DomainStores, directory: ResourceDirectory, folderId: string): Promise<Folder[]> {
  const folder = await tx.folders.get(folderId);
  if (!folder || folder.directoryId !== directory.id) return [];
  return [...(await tx.folders.ancestors(folder.id)), folder];
}

const folderTarget = (folder: Folder): PathTarget => ({
  id: folder.id,
  type: folder.parentId === null ? 'Root' : 'Folder',
  name: folder.name,
});

/** Where a member's policies come from: Root, each folder down to the member's, then the account itself. */
export async function memberPath(tx: DomainStores, directory: ResourceDirectory, member: Member): Promise<PathTarget[]> {
  const folders = await foldersDownTo(tx, directory, member.membership.folderId);
  return [...folders.map(folderTarget), { id: member.membership.accountId, type: 'Account', name: member.displayName }];
}

/** The targets with the policies attached to each, parsed, in attachment order. */
export async function withPolicies(tx: DomainStores, targets: readonly PathTarget[], documents: DocumentCache): Promise<PathLevel[]> {
  const attached = await tx.controlPolicies.attachedTo(targets.map((t) => t.id));
  return targets.map((target) => ({
    target,
    policies: (attached.get(target.id) ?? []).map(
      (p): AttachedPolicy => ({ policyId: p.id, policyName: p.name, document: documents.parse(p.document) }),
    ),
  }));
}

/**
 * A folder's or member's `{#ResourceDirectoryPath}` as Alibaba writes it in resource ARNs:
 * `rd-…/r-…/fd-…` for a folder, the account ID after its folder's path for a member. Undefined when
 * the ID is no folder or member of the directory.
 */
export async function resourceDirectoryPath(
  tx: DomainStores,
  directory: ResourceDirectory,
  kind: 'folder' | 'account',
  id: string,
): Promise<string | undefined> {
  if (kind === 'folder') {
    const folders = await foldersDownTo(tx, directory, id);
    return folders.length === 0 ? undefined : [directory.id, ...folders.map((f) => f.id)].join('/');
  }
  const member = await tx.members.get(id);
  if (!member || member.membership.directoryId !== directory.id) return undefined;
  const folders = await foldersDownTo(tx, directory, member.membership.folderId);
  return [directory.id, ...folders.map((f) => f.id), id].join('/');
}
