import { ApiError } from '../../errors/api-error.js';

/** Folder IDs as Canopy issues them: `fd-` + 10 alphanumerics; Root folders `r-` + 6. */
export const FOLDER_ID = /^(?:fd-[A-Za-z0-9]{10}|r-[A-Za-z0-9]{6})$/;
export const ACCOUNT_ID = /^\d{16}$/;

/** `AccountId`: present, and 16 digits. */
export function requireAccountId(value: string | undefined): string {
  if (!value) throw new ApiError('MissingParameter.AccountId');
  if (!ACCOUNT_ID.test(value)) throw new ApiError('InvalidParameter.AccountId');
  return value;
}
