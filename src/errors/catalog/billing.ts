import type { CatalogEntry } from './entry.js';

/**
 * Billing views: GetPayerForAccount, UpdatePayerForAccount, PrecheckForConsolidatedBillingAccount (2022-04-19).
 */
export const billing = {
  MemberAccountOperationNotAllowed: { status: 403, message: 'The member account is not allowed to perform the operation.' },
} as const satisfies Record<string, CatalogEntry>;
