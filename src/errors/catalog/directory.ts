import type { CatalogEntry } from './entry.js';

const RD_NOT_ENABLED =
  'The resource directory for the account is not enabled. We recommend that you first enable the resource directory for the account.';

/** InitResourceDirectory, GetResourceDirectory, DestroyResourceDirectory (spec 4). */
export const directory = {
  'Invalid.AccountType': { status: 409, message: 'The specified profile type of account is invalid.' },
  'NotSupport.Account.Site': { status: 409, message: 'The caller is not a China site account, which is not supported.' },
  ResourceDirectoryNotInUse: {
    status: 404,
    message: 'The specified account is not an Alibaba Cloud account or a member account of the resource directory.',
  },
  'EntityNotExists.ResourceDirectory': { status: 404, message: RD_NOT_ENABLED },
  'DeleteConflict.ResourceDirectory.Account': {
    status: 409,
    message:
      'Failed to delete the resource directory because one or more member accounts exist. We recommend that you first remove these member accounts.',
  },
  'DeleteConflict.ResourceDirectory.Folder': {
    status: 409,
    message:
      'Failed to delete the resource directory because one or more folders other than the Root folder exist. We recommend that you first delete these folders.',
    origin: 'canopy',
  },
} as const satisfies Record<string, CatalogEntry>;
