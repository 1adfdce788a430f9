import type { CatalogEntry } from './entry.js';

/**
 * Billing views: GetPayerForAccount, UpdatePayerForAccount, PrecheckForConsolidatedBillingAccount (2022-04-19).
 */
export const billing = {
  'NotSupport.PayerAccountInAnotherResourceDirectory': {
    status: 409,
    message: 'The specified settlement account does not exist in the resource directory. You must specify a valid settlement account.',
  },
  InconsistentEnterpriseNameError: {
    status: 409,
    message: 'The enterprise name of the payment account and the member account must be consistent.',
    variants: { UpdatePayerForAccount: { message: 'The enterprise name of the payment account and the member must be consistent.' } },
  },
  MemberAccountOperationNotAllowed: { status: 403, message: 'The member account is not allowed to perform the operation.' },
} as const satisfies Record<string, CatalogEntry>;
