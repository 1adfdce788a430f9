import type { CatalogEntry } from './entry.js';

/**
 * Documented refusals that depend on what Canopy does not model (billing relationships, legal
 * entities, trusted services, real-name details). They are answered only when injected through
 * the emulator's `POST /_canopy/faults`. Messages the spec does not give are Canopy's wording.
 */
export const notModelled = {
  'NotSupport.Site.Action': { status: 400, message: 'Site does not allow current action.' },
  'Invalid.PayRelation': { status: 409, message: 'The specified payer account has no financial relationship with the member account.' },
  'NotSupport.PayerAccountInAnotherResourceDirectory': {
    status: 409,
    message: 'The specified payer account belongs to another resource directory.',
  },
  CreateAccountDisabled: { status: 409, message: 'Creating member accounts is disabled for this resource directory.' },
  BusinessRestricted: { status: 409, message: 'The operation is restricted for the account.' },
  PaymentAccountEnterpriseVerifyError: { status: 409, message: 'The payer account does not pass enterprise real-name verification.' },
  PaymentAccountFinancialRelationshipVerifyError: {
    status: 409,
    message: 'The financial relationship of the payer account cannot be verified.',
  },
  PaymentAccountEnterpriseTypeError: { status: 409, message: 'The enterprise type of the payer account is not supported.' },
  PaymentAccountFinancialRelationshipsChangeFrequencyVerifyError: {
    status: 409,
    message: 'The financial relationships of the payer account change too often.',
  },
  MemberAccountVirtualCloudOperatorVerifyError: { status: 409, message: 'The member account is a virtual cloud operator account.' },
  MemberAccountResellerVerifyError: { status: 409, message: 'The member account is a reseller account.' },
  PaymentAccountVirtualCloudOperatorVerifyError: { status: 409, message: 'The payer account is a virtual cloud operator account.' },
  PaymentAccountResellerVerifyError: { status: 409, message: 'The payer account is a reseller account.' },
  InconsistentEnterpriseNameError: {
    status: 409,
    message: 'The enterprise name of the member account differs from that of the payer account.',
  },
  PaymentAccountEnterpriseInvoiceError: { status: 409, message: 'The invoice information of the payer account is incomplete.' },
  UnknownFinancialError: { status: 409, message: 'The financial check failed for an unknown reason.' },
  PaymentAccountCreditIdentityTypeError: { status: 409, message: 'The credit identity type of the payer account is not supported.' },
  'InvalidParameter.Note': { status: 400, message: 'The Note is invalid.' },
  LegalEntityMismatch: { status: 409, message: 'Your account does not have the same legal entity as the master account.' },
  MissingAccountRealName: { status: 409, message: 'The name of the invited account is not specified.' },
  NoRealNameAuthentication: { status: 409, message: 'The account invited has not passed real-name authentication.' },
  LegalEntityDifferent: { status: 409, message: 'The account legal entity is different from the one of the Management Account.' },
  PrimaryAkInUse: { status: 409, message: 'The root user has an AccessKey pair in use.' },
  'Deny.TrustedService': {
    status: 409,
    message:
      'You attempted to remove an account that is used in %s. To complete this operation, you must first remove this account from the Trusted Service.',
  },
  'AccountNotExist.DeleteAccount': { status: 409, message: 'The account to be deleted does not exist.' },
  InvalidControlPolicyEnablementStatus: {
    status: 409,
    message: 'The operation is not allowed while the control policy is being enabled or disabled.',
  },
  'CallerIdentityError.DeleteAccount': { status: 409, message: 'Only the management account can delete member accounts.' },
  RemoveConfilctAccountAsDelegatedAdministator: {
    status: 409,
    message: 'The account is a delegated administrator account and cannot be removed.',
  },
  'NotSupport.HasPayerAccount': { status: 409, message: 'The account has a payer account and cannot be deleted.' },
  'UnknownError.Account': { status: 409, message: 'The account operation failed for an unknown reason.' },
} as const satisfies Record<string, CatalogEntry>;
