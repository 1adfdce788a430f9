import type { CatalogEntry } from './entry.js';

/** Member deletion: CheckAccountDelete, GetAccountDeletionCheckResult, DeleteAccount, GetAccountDeletionStatus (spec 6.14). */
export const deletion = {
  'NoLicense.ResourceDirectory': { status: 409, message: 'The resource directory has not enabled the delete operation.' },
  // Documented for DeleteAccount without a message in the spec; Canopy's wording (docs/errors.md).
  'MemberTypeError.DeleteAccount': { status: 409, message: 'Only members of the resource account type can be deleted.' },
  'NotSupportedOperation.DeletingAccount': { status: 409, message: 'The member is being deleted.' },
  'NotSupportedOperation.CheckingAccount': {
    status: 409,
    message:
      'The member has no completed deletion check. Call CheckAccountDelete and wait until GetAccountDeletionCheckResult returns PreCheckComplete.',
  },
  MissingDisplayNameOrAccountType: { status: 409, message: 'Either display name or account type must be specified.' },
  // Documented for UpdateAccount without a message and for BindSecureMobilePhone with this one.
  AccountTypeMismatch: { status: 409, message: 'The type or status of the member account cannot satisfy the current operation.' },
} as const satisfies Record<string, CatalogEntry>;
