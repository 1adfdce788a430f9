import type { CatalogEntry } from './entry.js';

/**
 * Members: CreateResourceAccount, GetAccount, ListAccounts, ListAccountsForParent, UpdateAccount,
 * MoveAccount, RemoveCloudAccount, SetMemberDeletionPermission (spec 6.1, 6.8-6.13).
 */
export const members = {
  'MissingParameter.AccountId': { status: 400, message: 'You must specify AccountId.' },
  'InvalidParameter.AccountId': { status: 400, message: 'The AccountId is invalid.' },
  'MissingParameter.DestinationFolderId': { status: 400, message: 'You must specify DestinationFolderId.' },
  'InvalidParameter.DestinationFolderId': { status: 400, message: 'The DestinationFolderId is invalid.' },
  'EntityNotExists.Account': { status: 404, message: 'This resource directory account does not exist.' },
  AccountTypeOrStatusMismatch: { status: 409, message: 'You cannot perform the action on the member account.' },
  'MissingParameter.Account.DisplayName': { status: 400, message: 'You must specify DisplayName.' },
  'InvalidParameter.Account.DisplayName': { status: 400, message: 'The DisplayName of account is invalid.' },
  'InvalidParameter.Account.DisplayName.Length': { status: 400, message: 'The DisplayName of the account exceeds the length limit.' },
  'InvalidParameter.Account.AccountNamePrefix': { status: 400, message: 'The account name prefix is invalid.' },
  'InvalidParameter.Account.AccountNamePrefix.Length': { status: 400, message: 'The account name prefix exceeds the length limit.' },
  'LimitExceeded.Account': { status: 409, message: 'The maximum number of member accounts in a resource directory exceeds the limit.' },
  'InvalidParameter.Account.DisplayName.AlreadyUsed': { status: 409, message: 'The displayname of account has been used.' },
  'EntityAlreadyExists.ResourceDirectory.Account': {
    status: 409,
    message: 'The email address that the system generates when you create a member account already exists. Try again later.',
  },
} as const satisfies Record<string, CatalogEntry>;
