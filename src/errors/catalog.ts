/**
 * The one error catalog. Every code Canopy can answer with lives here, with its HTTP status and its
 * message, verbatim from the API where the API documents it. `origin: 'canopy'` marks codes that
 * Canopy adds beyond the documented API; each of those is described in docs/errors.md (a test checks).
 * Messages may hold `%s` placeholders that are filled from ApiError arguments.
 */
export interface CatalogEntry {
  readonly status: number;
  readonly message: string;
  readonly origin?: 'canopy';
}

const RD_ALREADY_ENABLED =
  'The resource directory for the account is already enabled. We recommend that you do not enable the resource directory again.';
const RD_NOT_ENABLED =
  'The resource directory for the account is not enabled. We recommend that you first enable the resource directory for the account.';

export const catalog = {
  // Gateway (spec 9.8)
  MissingParameter: { status: 400, message: 'The input parameter "%s" that is mandatory for processing this request is not supplied.' },
  InvalidParameter: { status: 400, message: 'The specified parameter "%s" is not valid.' },
  'InvalidAccessKeyId.NotFound': { status: 404, message: 'Specified access key is not found.' },
  SignatureDoesNotMatch: { status: 400, message: '%s' },
  IncompleteSignature: { status: 400, message: 'The request signature does not conform to Aliyun standards.' },
  SignatureNonceUsed: { status: 400, message: 'Specified signature nonce was used already.' },
  'InvalidTimeStamp.Expired': { status: 400, message: 'Specified time stamp or date value is expired.' },
  'InvalidTimeStamp.Format': { status: 400, message: 'Specified time stamp or date value is not well formatted.' },
  'InvalidAction.NotFound': { status: 404, message: 'Specified api is not found, please check your url and method.' },
  InvalidVersion: { status: 400, message: 'Specified parameter Version is not valid.' },
  InternalError: { status: 500, message: 'The request processing has failed due to some unknown error, exception or failure.' },
  ServiceUnavailable: { status: 503, message: 'The request has failed due to a temporary failure of the server.' },

  // Request limits and encodings Canopy enforces (docs/errors.md)
  'InvalidParameter.Encoding': { status: 400, message: 'The request contains a malformed percent-encoded sequence.', origin: 'canopy' },
  'InvalidParameter.Duplicate': { status: 400, message: 'The parameter "%s" is specified more than once.', origin: 'canopy' },
  'InvalidParameter.TooMany': { status: 400, message: 'The request has more than %s parameters.', origin: 'canopy' },
  'InvalidParameter.TooLong': { status: 400, message: 'The value of parameter "%s" is longer than %s characters.', origin: 'canopy' },
  RequestEntityTooLarge: { status: 413, message: 'The request body is larger than %s bytes.', origin: 'canopy' },
  RequestHeaderFieldsTooLarge: {
    status: 431,
    message: 'The request line and headers are larger than the server accepts.',
    origin: 'canopy',
  },
  RequestTimeout: { status: 408, message: 'The request was not received in time.', origin: 'canopy' },
  MalformedRequest: { status: 400, message: 'The request is not valid HTTP.', origin: 'canopy' },
  'InvalidSecurityToken.NotSupported': {
    status: 400,
    message: 'Security tokens (STS) and bearer tokens are not supported; sign the request with an AccessKey pair.',
    origin: 'canopy',
  },

  // SendVerificationCodeForEnableRD and EnableResourceDirectory (spec 2, 3)
  'NotSupport.AccountInAnotherResourceDirectory': {
    status: 409,
    message: 'The specified account is an Alibaba Cloud account or already exists in another resource directory.',
  },
  'EntityAlreadyExists.ResourceDirectory': { status: 409, message: RD_ALREADY_ENABLED },
  SendValidateCodeExceedsLimitForAccount: {
    status: 409,
    message: 'For the same account, the number of verification codes sent exceeds the limit.',
  },
  'InvalidParameter.MobileCountryCode': { status: 409, message: 'The current site does not support the country code.' },
  'Invalid.EnterpriseName': { status: 409, message: 'You must specify the enterprise name.' },
  EnterpriseRealNameVerificationError: {
    status: 409,
    message:
      'The specified account does not pass enterprise real-name verification. We recommend you first complete enterprise real-name verification for the account.',
  },
  'InvalidParameter.ManagementAccountName.AlreadyUsed': { status: 409, message: 'The ManagementAccountName has been used.' },
  'Invalid.VerificationCode': { status: 409, message: 'The verification code is invalid.' },
  'InvalidParameter.ManagementAccountName': { status: 409, message: 'The management account name is in the wrong format.' },
  'InvalidParameter.ManagementAccountSecurityInfo': {
    status: 409,
    message: 'The parameter management account secure mobile phone is invalid.',
  },
  // Production-mode protections against SMS pumping (docs/errors.md); off in emulator mode.
  'Throttling.VerificationCode': {
    status: 400,
    message: 'Too many verification codes were sent to this phone number recently. Try again later.',
    origin: 'canopy',
  },
  'Throttling.CountryPrefix': {
    status: 400,
    message: 'Verification codes to this country calling code are paused because of unusual volume. Try again later.',
    origin: 'canopy',
  },
  MissingSecureMobilePhone: { status: 409, message: 'Secure mobile phone is missing.' },
  MissingSecurityInfo: { status: 409, message: 'Security info is missing.' },

  // InitResourceDirectory, GetResourceDirectory, DestroyResourceDirectory (spec 4)
  'Invalid.AccountType': { status: 409, message: 'The specified profile type of account is invalid.' },
  'NotSupport.Account.Site': { status: 409, message: 'The caller is not a China site account, which is not supported.' },
  ResourceDirectoryNotInUse: {
    status: 404,
    message: 'The specified account is not an Alibaba Cloud account or a member account of the resource directory.',
  },
  'EntityNotExists.ResourceDirectory': { status: 404, message: RD_NOT_ENABLED },
  'DeleteConflict.ResourceDirectory.Account': {
    status: 409,
    message:
      'Failed to delete the resource directory because one or more member accounts exist. We recommend that you first remove these member accounts.',
  },
  'DeleteConflict.ResourceDirectory.Folder': {
    status: 409,
    message:
      'Failed to delete the resource directory because one or more folders other than the Root folder exist. We recommend that you first delete these folders.',
    origin: 'canopy',
  },
  // Folders: CreateFolder, GetFolder, ListFoldersForParent, UpdateFolder, DeleteFolder, ListAncestors (spec 6.15-6.20)
  'MissingParameter.FolderId': { status: 400, message: 'You must specify FolderId.' },
  'InvalidParameter.FolderId': { status: 400, message: 'The FolderId is invalid.' },
  'MissingParameter.ChildId': { status: 400, message: 'You must specify ChildId.' },
  'InvalidParameter.ChildId': { status: 400, message: 'The ChildId is invalid.' },
  'InvalidParameter.ParentFolderId': { status: 400, message: 'The ParentFolderId is invalid.' },
  'EntityNotExists.Folder': { status: 404, message: 'The resource directory folder does not exist.' },
  'MissingParameter.Folder.Name': { status: 400, message: 'You must specify the resource folder name.' },
  'InvalidParameter.Folder.Name': { status: 400, message: 'The Name of folder is invalid.' },
  'InvalidParameter.Folder.Name.Length': { status: 400, message: 'The Name of folder exceeds the length limit.' },
  'InvalidParameter.Folder.Name.AlreadyUsed': {
    status: 400,
    message: 'The name already exists under the same parent. Please change to another name.',
  },
  'LimitExceeded.Folder.Depth': { status: 409, message: 'The folder depth exceeds the limit of 5.' },
  'QuotaExceeded.Folder.Count': { status: 409, message: 'The number of folders exceeds the quota.' },
  'DeleteConflict.Folder.SubFolder': { status: 409, message: 'This folder has sub folders.' },
  'DeleteConflict.Folder.Account': { status: 409, message: 'This folder has accounts.' },
  // Invitations: InviteAccountToResourceDirectory and the handshake operations (spec 6.2-6.7)
  'MissingParameter.TargetEntity': { status: 400, message: 'You must specify TargetEntity.' },
  'InvalidParameter.TargetEntity': { status: 400, message: 'The TargetEntity is invalid.' },
  'MissingParameter.TargetType': { status: 400, message: 'You must specify TargetType.' },
  'InvalidParameter.TargetType': { status: 400, message: 'The TargetType is invalid.' },
  'InvalidParameter.Note.Length': { status: 400, message: 'The length of the invitation note exceeds the limit.' },
  'LimitExceeded.InvitationRate': { status: 409, message: 'The number of invitations sent exceeds the limit.' },
  'EntityAlreadyExists.Handshake': { status: 409, message: 'Handshakes with the same target entity already exist.' },
  'MissingParameter.HandshakeId': { status: 400, message: 'You must specify HandshakeId.' },
  'InvalidParameter.HandshakeId': { status: 400, message: 'The HandshakeId is invalid.' },
  'EntityNotExists.Handshake': { status: 404, message: 'The specified handshake does not exist.' },
  HandshakeStatusMismatch: { status: 409, message: 'The invitation is invalid.' },
  SpecifiedResourceDirectoryNotExists: {
    status: 404,
    message: 'The specified resource directory does not exist. You must specify a valid resource directory.',
  },
  'NotSupport.Account.RealNameType': {
    status: 409,
    message: 'Your account is not a real-name of enterprise type, so you cannot accept the invitation.',
  },
  // Members: CreateResourceAccount, GetAccount, ListAccounts, ListAccountsForParent, UpdateAccount,
  // MoveAccount, RemoveCloudAccount, SetMemberDeletionPermission (spec 6.1, 6.8-6.13)
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
  // Member deletion: CheckAccountDelete, GetAccountDeletionCheckResult, DeleteAccount, GetAccountDeletionStatus (spec 6.14)
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
  // Phone binding: SendVerificationCodeForBindSecureMobilePhone, BindSecureMobilePhone (spec 5)
  CallerIdentityError: { status: 409, message: 'Please use the RAM user or role of the Management Account.' },
  AccountSecureMobileAlreadyExists: { status: 409, message: 'The secure mobile number of the member already exists.' },
  // Documented refusals that depend on what Canopy does not model (billing relationships, legal
  // entities, trusted services, real-name details). They are answered only when injected through
  // the emulator's `POST /_canopy/faults`. Messages the spec does not give are Canopy's wording.
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

export type ErrorCode = keyof typeof catalog;
