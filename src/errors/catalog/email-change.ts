import type { CatalogEntry } from './entry.js';

/**
 * Primary email changes: ChangeAccountEmail, RetryChangeAccountEmail, CancelChangeAccountEmail.
 */
export const emailChange = {
  'EntityNotExists.EmailModifyRecord': { status: 404, message: 'This email modification record of the account does not exist.' },
  'NotSupportedOperation.Account.EmailModify': {
    status: 400,
    message: 'The operation is not supported because the account email is being modifying.',
  },
  'NotSupport.InvitedAccount': {
    status: 400,
    message: 'The current operation is not supported for accounts invited to join the resource directory.',
  },
  // Canopy's own (docs/errors.md): the API documents neither a taken address nor a sending limit here.
  'InvalidParameter.Email.AlreadyUsed': {
    status: 409,
    message: 'The specified email address is already the login name of an account.',
    origin: 'canopy',
  },
  'LimitExceeded.Frequency': {
    status: 409,
    message: 'The frequency of request exceeds limit.',
    origin: 'canopy',
  },
} as const satisfies Record<string, CatalogEntry>;
