import type { CatalogEntry } from './entry.js';

/** Member deletion: CheckAccountDelete, GetAccountDeletionCheckResult, DeleteAccount, GetAccountDeletionStatus (spec 6.14). */
export const deletion = {
  'NoLicense.ResourceDirectory': { status: 409, message: 'The resource directory has not enabled the delete operation.' },
  'MemberTypeError.DeleteAccount': {
    status: 409,
    message: 'You can only delete accounts of the resource account type created by Resource Directory.',
    variants: { '2022-04-19/DeleteAccount': { message: 'Cloud account type members do not support deletion.' } },
  },
  'NotSupportedOperation.DeletingAccount': { status: 409, message: 'The operation is not supported because the account is being deleted.' },
  'NotSupportedOperation.CheckingAccount': {
    status: 409,
    message: 'The operation is not supported because the account is checking for deletion.',
  },
  MissingDisplayNameOrAccountType: { status: 409, message: 'Either display name or account type must be specified.' },
  AccountTypeMismatch: { status: 409, message: 'The type or status of the member account cannot satisfy the current operation.' },
  'EntityNotExists.CheckAccount': { status: 409, message: 'There is no check task for this account' },
  'InvalidParameter.Status': { status: 400, message: 'The specified Status is invalid.' },
  MemberAccountAccessDenied: { status: 403, message: 'The member account is not allowed to perform the operation.' },
  'ExistProcessingDeleteFlow.DeleteAccount': {
    status: 409,
    message: 'The request is invalid. The account is already in the process of deletion. Please do not repeat the operation.',
  },
} as const satisfies Record<string, CatalogEntry>;
