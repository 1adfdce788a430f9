import { ApiError } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import type { Member } from '../directory/member-store.js';
import { requireAccountId } from '../directory/ids.js';
import { type DirectoryScope, memberIn } from '../directory/scope.js';
import { type Page, type PageRequest, page } from '../paging.js';
import type { DomainStores } from '../store.js';
import type { DelegatedAdministrator, TrustedServiceEnablement } from './delegation-store.js';
import { trustedService, type TrustedService } from './trusted-services.js';

/** A delegated administrator with the member it is (ListDelegatedAdministrators shows its display name and join method). */
export interface DelegatedAdministratorView extends DelegatedAdministrator {
  readonly member: Member;
}

/** A service a member administers, with whether the trusted service is turned on. */
export interface DelegatedService extends DelegatedAdministrator {
  readonly enabled: boolean;
}

/**
 * Delegated administrators of trusted services (RegisterDelegatedAdministrator and the lists) and the
 * trusted services an administrator account has turned on (ListTrustedServiceStatus). Registrations
 * take the directory lock, so a service's maximum holds under any concurrency, on any number of instances.
 */
export class DelegationService {
  constructor(
    private readonly clock: Clock,
    private readonly scope: DirectoryScope,
  ) {}

  /** RegisterDelegatedAdministrator: the management account names a member for a service that supports delegation. */
  async register(tx: DomainStores, caller: Account, input: { accountId: string | undefined; servicePrincipal: string | undefined }) {
    const id = requireAccountId(input.accountId);
    const service = delegable(input.servicePrincipal);
    const directory = await this.scope.managed(tx, caller, 'write');
    if (id === directory.masterAccountId) throw new ApiError('CannotRegisterMasterAsDelegatedAdministrator');
    await memberIn(tx, directory, id);
    const registered = await tx.delegations.servicesOf(id);
    if (registered.some((r) => r.servicePrincipal === service.servicePrincipal)) throw new ApiError('AccountAlreadyRegistered');
    if ((await tx.delegations.count(directory.id, service.servicePrincipal)) >= service.delegatedAdministrators)
      throw new ApiError('DelegatedAccountNumberExceeded');
    const registration = {
      directoryId: directory.id,
      accountId: id,
      servicePrincipal: service.servicePrincipal,
      registeredAt: this.clock.now(),
    };
    // The key decides between two registrations of the same pair that both passed the check above.
    if (!(await tx.delegations.register(registration))) throw new ApiError('AccountAlreadyRegistered');
  }

  /**
   * DeregisterDelegatedAdministrator. What the account had turned on of the service as its
   * administrator goes with the registration: it administers the service no longer.
   */
  async deregister(tx: DomainStores, caller: Account, input: { accountId: string | undefined; servicePrincipal: string | undefined }) {
    const id = requireAccountId(input.accountId);
    const service = delegable(input.servicePrincipal);
    await this.scope.managed(tx, caller, 'write');
    if (!(await tx.delegations.deregister(id, service.servicePrincipal))) throw new ApiError('AccountNotRegistered');
    await tx.delegations.disable(id, service.servicePrincipal);
  }

  /** ListDelegatedAdministrators: oldest registration first; an identifier no service has lists nothing. */
  async list(
    tx: DomainStores,
    caller: Account,
    input: PageRequest & { servicePrincipal: string | undefined },
  ): Promise<Page<DelegatedAdministratorView>> {
    const directory = await this.scope.managed(tx, caller, 'view');
    const principal = input.servicePrincipal || undefined;
    const found = await page(
      input,
      () => tx.delegations.count(directory.id, principal),
      (offset, limit) => tx.delegations.list(directory.id, principal, offset, limit),
    );
    const items: DelegatedAdministratorView[] = [];
    for (const registration of found.items)
      items.push(Object.assign({}, registration, { member: await memberIn(tx, directory, registration.accountId) }));
    return { items, total: found.total };
  }

  /**
   * ListDelegatedServicesForAccount: the services a member of the directory is a delegated
   * administrator of, each `enabled` once the trusted service is turned on (documented as "the status
   * of the trusted service") for the management account or for this administrator.
   */
  async servicesOf(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<DelegatedService[]> {
    const id = requireAccountId(accountId);
    const directory = await this.scope.managed(tx, caller, 'view');
    await memberIn(tx, directory, id);
    const enabled = new Set<string>();
    for (const admin of [directory.masterAccountId, id]) {
      const count = await tx.delegations.countEnabled(admin);
      for (const e of await tx.delegations.enabled(admin, 0, count)) enabled.add(e.servicePrincipal);
    }
    return (await tx.delegations.servicesOf(id)).map((r) => Object.assign({}, r, { enabled: enabled.has(r.servicePrincipal) }));
  }

  /**
   * ListTrustedServiceStatus: the trusted services turned on for an administrator account of the
   * directory (`AdminAccountId`; the management account by default, as documented). Only the
   * management account and delegated administrators turn services on, so any other member lists none.
   */
  async trustedServiceStatus(
    tx: DomainStores,
    caller: Account,
    input: PageRequest & { adminAccountId: string | undefined },
  ): Promise<Page<TrustedServiceEnablement>> {
    const directory = await this.scope.managed(tx, caller, 'view');
    const adminId = input.adminAccountId ? requireAccountId(input.adminAccountId) : directory.masterAccountId;
    await memberIn(tx, directory, adminId);
    return page(
      input,
      () => tx.delegations.countEnabled(adminId),
      (offset, limit) => tx.delegations.enabled(adminId, offset, limit),
    );
  }
}

/** A trusted service that supports delegated administrators; anything else is InvalidParameter.ServicePrincipal. */
function delegable(servicePrincipal: string | undefined): TrustedService {
  const service = servicePrincipal ? trustedService(servicePrincipal) : undefined;
  if (!service || service.delegatedAdministrators === 0) throw new ApiError('InvalidParameter.ServicePrincipal');
  return service;
}
