import type { CatalogEntry } from './entry.js';

/**
 * Documented refusals that depend on what Canopy does not model (billing relationships, legal
 * entities, real-name details). They are answered only when injected through the emulator's
 * `POST /_canopy/faults`.
 */
export const notModelled = {
  'NotSupport.Site.Action': { status: 400, message: 'Site does not allow current action.' },
  'Invalid.PayRelation': {
    status: 409,
    message:
      'Failed to create a member. The specified billing account is unavailable. Please change to another billing account and try again.',
  },
  CreateAccountDisabled: { status: 409, message: 'The specified resource directory cannot create a new account.' },
  BusinessRestricted: { status: 409, message: 'Business is restricted. Please contact your customer service manager.' },
  PaymentAccountEnterpriseVerifyError: { status: 409, message: 'The type of the payment account is not enterprise verified.' },
  PaymentAccountFinancialRelationshipVerifyError: {
    status: 409,
    message: 'The payment account must not be the beneficiary account from other financial relationships.',
  },
  PaymentAccountEnterpriseTypeError: { status: 409, message: 'The type of the payment account is not enterprise.' },
  PaymentAccountFinancialRelationshipsChangeFrequencyVerifyError: {
    status: 409,
    message: 'The financial relationship of payment account changes too frequently. Please try again later.',
  },
  MemberAccountVirtualCloudOperatorVerifyError: { status: 409, message: 'The type of the member account must not be virtual operator.' },
  MemberAccountResellerVerifyError: { status: 409, message: 'The type of the member account must not be reseller.' },
  PaymentAccountVirtualCloudOperatorVerifyError: { status: 409, message: 'The type of the payment account must not be virtual operator.' },
  PaymentAccountResellerVerifyError: { status: 409, message: 'The type of the payment account must not be reseller.' },
  PaymentAccountEnterpriseInvoiceError: {
    status: 409,
    message: 'No enterprise invoice header information is set for the payment account.',
  },
  UnknownFinancialError: { status: 409, message: 'An unknown financial error occurred.' },
  PaymentAccountCreditIdentityTypeError: {
    status: 409,
    message: 'Non-credit identity type or insufficient credit limit, cannot be used as payment account.',
    variants: { '2022-04-19/CreateResourceAccount': { message: 'The identity of the payment account is not credit.' } },
  },
  'InvalidParameter.Note': { status: 400, message: 'The Note is invalid.' },
  LegalEntityMismatch: {
    status: 409,
    message: 'Your account does not have the same legal entity as the master account.',
    variants: {
      '2022-04-19/InviteAccountToResourceDirectory': {
        message: 'The account does not have the same legal entity as the management account.',
      },
    },
  },
  MissingAccountRealName: { status: 409, message: 'The name of the invited account is not specified.' },
  NoRealNameAuthentication: { status: 409, message: 'The account invited has not passed real-name authentication.' },
  LegalEntityDifferent: { status: 409, message: 'The account legal entity is different from the one of the Management Account.' },
  PrimaryAkInUse: {
    status: 409,
    message: 'The root user has an AccessKey pair in use.',
    variants: { '2022-04-19/UpdateAccount': { message: 'The account has the primary AK in use.' } },
  },
  'AccountNotExist.DeleteAccount': {
    status: 409,
    message: 'The deletion failed. The account does not exist. Please confirm whether it has been deleted.',
  },
  'CallerIdentityError.DeleteAccount': { status: 409, message: 'Please use the RAM user or role of the management account to delete.' },
  'NotSupport.HasPayerAccount': {
    status: 409,
    message: 'This account has a payer account. Please release the financial relationship of this account first.',
  },
  'UnknownError.Account': {
    status: 409,
    message: 'The deletion failed. An unknown error occurred. Please try again later.',
    variants: { '2022-04-19/DeleteAccount': { message: 'Delete failed. An unknown error occurred. Please try again later.' } },
  },
  FundAccountHasArrearsAmount: {
    status: 409,
    message:
      'There are arrears in the current payment account. You cannot change the payment account. Please settle the arrears and try again.',
  },
  FundAccountOwnerPayedByOthers: {
    status: 409,
    message: 'If the payment has been made by another account, it is not allowed to be used as the main payment account.',
  },
  UserOwnFundAccountPayForOthers: {
    status: 409,
    message: 'If the account has been used as the main payment account, it is not allowed to set up payment by others.',
  },
  EcoRelationCheckFailed: {
    status: 409,
    message: 'Accounts associated with partners are not allowed to set up agency payment relationships.',
  },
  'NotSupport.SettingResellAccountType': {
    status: 409,
    message: 'The current account does not support setting the resellAccountType for members.',
  },
  'CreditControlBlock.DeleteAccount': {
    status: 409,
    message: 'The deletion failed. There are unsettled bills in the current account. Please settle them first and try again.',
  },
  'SpBlock.DeleteAccount': {
    status: 409,
    message: 'The deletion failed. There is a specific product under the current account. Please clear it and try again.',
  },
  'PeripheralError.DeleteAccount': {
    status: 409,
    message: 'The deletion failed. The deletion process is abnormal. Please try again later.',
  },
  'ExistPrepaidInstance.DeleteAccount': {
    status: 409,
    message: 'The deletion failed. There are prepaid products under the current account. Please release them and try again.',
  },
  'ForbidDelete.Account': {
    status: 409,
    message: 'Delete is prohibited. The current account is abnormal. Please contact customer service.',
  },
  'QuotaExceeded.DeleteAccount': { status: 409, message: 'You have exceeded delete account quota for the past 30 days.' },
  'EntityAlreadyExists.ResourceDir.Account': { status: 409, message: 'This resource directory account already exists.' },
  'LimitExceeded.Invitation.InvalidTarget': {
    status: 409,
    message: 'The maximum number of invalid targets that can be invited by a single account is exceeded.',
  },
  // Canopy's Control Policy switch takes effect at once, so there is no enabling under way to throttle.
  'Throttling.EnableControlPolicy': { status: 409, message: 'The enable operation is too frequent. Please try again in %s minute(s).' },
} as const satisfies Record<string, CatalogEntry>;
