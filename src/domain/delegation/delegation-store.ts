/** A member registered as a delegated administrator of one trusted service. */
export interface DelegatedAdministrator {
  readonly directoryId: string;
  readonly accountId: string;
  readonly servicePrincipal: string;
  readonly registeredAt: Date;
}

/** A trusted service turned on for an administrator account (the management account or a delegated administrator). */
export interface TrustedServiceEnablement {
  readonly directoryId: string;
  readonly accountId: string;
  readonly servicePrincipal: string;
  readonly enabledAt: Date;
}

/**
 * Delegated administrators and trusted-service enablements of a directory. One registration per
 * (service, account), decided by the primary key, also under concurrency; the per-service maximum is
 * the service's to check under the directory lock. Listings are oldest first.
 */
export interface DelegationStore {
  /** False when the account is already registered for the service. */
  register(registration: DelegatedAdministrator): Promise<boolean>;
  /** False when the account was not registered for the service. */
  deregister(accountId: string, servicePrincipal: string): Promise<boolean>;
  /** Registrations of the directory, of one service when given. */
  count(directoryId: string, servicePrincipal?: string): Promise<number>;
  list(directoryId: string, servicePrincipal: string | undefined, offset: number, limit: number): Promise<DelegatedAdministrator[]>;
  /** The services the account is a delegated administrator of, oldest first. */
  servicesOf(accountId: string): Promise<DelegatedAdministrator[]>;

  /** False when the service was already on for the account (its first time is kept). */
  enable(enablement: TrustedServiceEnablement): Promise<boolean>;
  /** False when the service was not on for the account. */
  disable(accountId: string, servicePrincipal: string): Promise<boolean>;
  countEnabled(accountId: string): Promise<number>;
  enabled(accountId: string, offset: number, limit: number): Promise<TrustedServiceEnablement[]>;

  /** Every registration and enablement of the directory (DestroyResourceDirectory). */
  clear(directoryId: string): Promise<void>;
}
