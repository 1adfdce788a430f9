import type { CatalogEntry } from './entry.js';

const RD_ALREADY_ENABLED =
  'The resource directory for the account is already enabled. We recommend that you do not enable the resource directory again.';

/** SendVerificationCodeForEnableRD and EnableResourceDirectory (spec 2, 3), with the production-mode SMS protections. */
export const enablement = {
  'NotSupport.AccountInAnotherResourceDirectory': {
    status: 409,
    message: 'The specified account is an Alibaba Cloud account or already exists in another resource directory.',
    variants: {
      AcceptHandshake: {
        message: 'Your account is a management account for another resource directory or a member of another resource directory.',
      },
      '2020-03-31/InviteAccountToResourceDirectory': {
        message: 'Your account is a management account for another resource directory or a member of another resource directory.',
      },
      '2022-04-19/InviteAccountToResourceDirectory': {
        message:
          'The invited account already belongs to another resource directory. To continue, remove the account from the other resource directory.',
      },
    },
  },
  'EntityAlreadyExists.ResourceDirectory': { status: 409, message: RD_ALREADY_ENABLED },
  SendValidateCodeExceedsLimitForAccount: {
    status: 409,
    message: 'For the same account, the number of verification codes sent exceeds the limit.',
  },
  'InvalidParameter.MobileCountryCode': {
    status: 409,
    message: 'The current site does not support the country code.',
    variants: {
      AddMessageContact: { status: 400, message: 'The current site does not support the country code.' },
      CancelMessageContactUpdate: { status: 400, message: 'The current site does not support the country code.' },
      SendPhoneVerificationForMessageContact: { status: 400, message: 'The current site does not support the country code.' },
      UpdateMessageContact: { status: 400, message: 'The current site does not support the country code.' },
    },
  },
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
  MissingSecurityInfo: {
    status: 409,
    message: 'Security info is missing.',
    variants: {
      '2020-03-31/UpdateAccount': {
        message: 'The current member is not configured with a secure email or mobile phone, and the switchover fails.',
      },
      '2022-04-19/UpdateAccount': { message: 'Security information is missing.' },
    },
  },
} as const satisfies Record<string, CatalogEntry>;
