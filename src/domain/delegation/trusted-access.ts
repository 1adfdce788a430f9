import type { DomainStores } from '../store.js';
import type { TrustedServiceEnablement } from './delegation-store.js';
import { trustedService } from './trusted-services.js';

/** Why a trusted service cannot be turned on or off for an account. */
export type TrustedAccessRefusal = 'DirectoryNotFound' | 'UnknownServicePrincipal' | 'NotAdministrator' | 'NotEnabled';

export interface TrustedAccessRequest {
  readonly directoryId: string;
  readonly servicePrincipal: string;
  /** The management account when absent. */
  readonly accountId?: string | undefined;
}

/**
 * Turning a trusted service on for an administrator account. In Alibaba Cloud this happens in the
 * trusted service's own console (with the management account or a delegated administrator of the
 * service), never through the Resource Directory API, which only lists the result
 * (ListTrustedServiceStatus); Canopy's admin API stands in for those consoles. Takes the directory
 * lock, so a concurrent DeregisterDelegatedAdministrator cannot leave an enablement behind.
 */
export async function enableTrustedService(
  tx: DomainStores,
  request: TrustedAccessRequest,
  now: Date,
): Promise<TrustedServiceEnablement | TrustedAccessRefusal> {
  const found = await administrator(tx, request);
  if (typeof found === 'string') return found;
  const admin = found.accountId;
  const enablement = { directoryId: request.directoryId, accountId: admin, servicePrincipal: request.servicePrincipal, enabledAt: now };
  if (await tx.delegations.enable(enablement)) return enablement;
  const count = await tx.delegations.countEnabled(admin);
  const kept = (await tx.delegations.enabled(admin, 0, count)).find((e) => e.servicePrincipal === request.servicePrincipal);
  return kept ?? enablement;
}

/** Turns the service off for the account; NotEnabled when it was not on. */
export async function disableTrustedService(tx: DomainStores, request: TrustedAccessRequest): Promise<TrustedAccessRefusal | undefined> {
  const found = await tx.directories.get(request.directoryId);
  const directory = found && (await tx.directories.lock(found));
  if (!directory) return 'DirectoryNotFound';
  const accountId = request.accountId ?? directory.masterAccountId;
  return (await tx.delegations.disable(accountId, request.servicePrincipal)) ? undefined : 'NotEnabled';
}

/** The account that turns the service on: the management account, or a delegated administrator of this service. */
async function administrator(tx: DomainStores, request: TrustedAccessRequest): Promise<{ accountId: string } | TrustedAccessRefusal> {
  const found = await tx.directories.get(request.directoryId);
  if (!found) return 'DirectoryNotFound';
  if (!trustedService(request.servicePrincipal)) return 'UnknownServicePrincipal';
  const directory = await tx.directories.lock(found);
  if (!directory) return 'DirectoryNotFound';
  const accountId = request.accountId ?? directory.masterAccountId;
  if (accountId === directory.masterAccountId) return { accountId };
  const registrations = await tx.delegations.servicesOf(accountId);
  const delegated = registrations.some((r) => r.directoryId === directory.id && r.servicePrincipal === request.servicePrincipal);
  return delegated ? { accountId } : 'NotAdministrator';
}
