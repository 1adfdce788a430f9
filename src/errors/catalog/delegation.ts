import type { CatalogEntry } from './entry.js';

/**
 * Trusted services and delegated administrators (RegisterDelegatedAdministrator,
 * DeregisterDelegatedAdministrator, the lists), and the removals a registration forbids.
 */
export const delegation = {
  'InvalidParameter.ServicePrincipal': { status: 409, message: 'The specified ServicePrincipal is invalid.' },
  AccountAlreadyRegistered: { status: 409, message: 'The specified account is already a delegated administrator for this service.' },
  DelegatedAccountNumberExceeded: {
    status: 409,
    message: 'The maximum number of delegated administrators for the service principal is exceeded.',
  },
  CannotRegisterMasterAsDelegatedAdministrator: {
    status: 409,
    message:
      'You attempted to register the enterprise management account as a delegated administrator for the service. You can designate only a member account as a delegated administrator.',
  },
  AccountNotRegistered: { status: 409, message: 'The specified account is not a delegated administrator for this service.' },
  // RemoveCloudAccount of a delegated administrator; %s: the services it administers.
  'Deny.TrustedService': {
    status: 409,
    message:
      'You attempted to remove an account that is used in %s. To complete this operation, you must first remove this account from the Trusted Service.',
  },
  // CheckAccountDelete and DeleteAccount of a delegated administrator.
  RemoveConfilctAccountAsDelegatedAdministator: {
    status: 409,
    message:
      'You attempted to remove a member that is registered as a delegated administrator. To complete this operation, you must first deregister this account as a delegated administrator.',
  },
} as const satisfies Record<string, CatalogEntry>;
