import type { DelegatedAdministratorView, DelegatedService } from '../domain/delegation/delegation-service.js';
import type { TrustedServiceEnablement } from '../domain/delegation/delegation-store.js';
import { isoTime } from './action.js';

/**
 * Delegation times are documented as epoch milliseconds in a string (`"1616652684164"`), trusted
 * service enablement times as ISO-8601 with milliseconds (`2019-02-18T15:32:10.473Z`).
 */
const epochMillis = (date: Date) => String(date.getTime());

export const delegatedAdministratorItem = (a: DelegatedAdministratorView) => ({
  AccountId: a.accountId,
  DisplayName: a.member.displayName,
  JoinMethod: a.member.membership.joinMethod,
  ServicePrincipal: a.servicePrincipal,
  DelegationEnabledTime: epochMillis(a.registeredAt),
});

export const delegatedServiceItem = (s: DelegatedService) => ({
  DelegationEnabledTime: epochMillis(s.registeredAt),
  ServicePrincipal: s.servicePrincipal,
  Status: s.enabled ? 'ENABLED' : 'DISABLED',
});

export const enabledServiceItem = (e: TrustedServiceEnablement) => ({
  ServicePrincipal: e.servicePrincipal,
  EnableTime: isoTime(e.enabledAt),
});
