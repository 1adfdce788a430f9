import type { DirectoryView } from '../domain/directory/resource-directory.js';
import { type ApiVersion, isoTime } from './action.js';

/** `ResourceDirectory` as EnableResourceDirectory and InitResourceDirectory return it. */
export function directorySummary({ directory, master }: DirectoryView) {
  return {
    ResourceDirectoryId: directory.id,
    MasterAccountId: master.id,
    MasterAccountName: master.name,
    RootFolderId: directory.rootFolderId,
    CreateTime: isoTime(directory.createdAt),
  };
}

/**
 * `ResourceDirectory` as GetResourceDirectory returns it: the summary plus statuses. The display-name
 * sync switch is a 2022-04-19 feature: ResourceManager 2020-03-31 documents no
 * `MemberAccountDisplayNameSyncStatus` (neither its metadata nor its SDK models have it).
 */
export function directoryDetails(view: DirectoryView, version: ApiVersion) {
  return Object.assign(directorySummary(view), {
    ControlPolicyStatus: view.directory.controlPolicyStatus,
    MemberDeletionStatus: view.directory.memberDeletionStatus,
    ...(version === '2022-04-19' ? { MemberAccountDisplayNameSyncStatus: view.directory.memberDisplayNameSyncStatus } : {}),
    IdentityInformation: view.master.enterpriseName,
  });
}
