import type { CatalogEntry } from './entry.js';

/** Phone binding: SendVerificationCodeForBindSecureMobilePhone, BindSecureMobilePhone (spec 5). */
export const phoneBinding = {
  CallerIdentityError: { status: 409, message: 'Please use the RAM user or role of the Management Account.' },
  AccountSecureMobileAlreadyExists: { status: 409, message: 'The secure mobile number of the member already exists.' },
} as const satisfies Record<string, CatalogEntry>;
