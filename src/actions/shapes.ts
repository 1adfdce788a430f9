import type { DirectoryView } from '../domain/directory/resource-directory.js';
import { isoTime } from './action.js';

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

/** `ResourceDirectory` as GetResourceDirectory returns it: the summary plus statuses. */
export function directoryDetails(view: DirectoryView) {
  return {
    ...directorySummary(view),
    ControlPolicyStatus: view.directory.controlPolicyStatus,
    MemberDeletionStatus: view.directory.memberDeletionStatus,
    MemberAccountDisplayNameSyncStatus: view.directory.memberDisplayNameSyncStatus,
    IdentityInformation: view.master.enterpriseName,
  };
}
