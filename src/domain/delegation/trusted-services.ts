/**
 * A trusted service: an Alibaba Cloud service that works with Resource Directory. `delegatedAdministrators`
 * is how many members the service allows as its delegated administrators, 0 when it supports none
 * (RegisterDelegatedAdministrator then answers InvalidParameter.ServicePrincipal, as for an unknown one).
 */
export interface TrustedService {
  readonly servicePrincipal: string;
  readonly name: string;
  readonly delegatedAdministrators: number;
}

/**
 * The trusted services, from "Supported trusted services"
 * (https://www.alibabacloud.com/help/en/resource-management/resource-directory/user-guide/overview-1)
 * and, for each limit, the service's own page on its delegated administrator accounts (cited per entry).
 */
export const TRUSTED_SERVICES: readonly TrustedService[] = [
  // PLACEHOLDER
  { servicePrincipal: 'config.aliyuncs.com', name: 'Cloud Config', delegatedAdministrators: 5 },
  { servicePrincipal: 'actiontrail.aliyuncs.com', name: 'ActionTrail', delegatedAdministrators: 1 },
  { servicePrincipal: 'cloudfw.aliyuncs.com', name: 'Cloud Firewall', delegatedAdministrators: 1 },
  { servicePrincipal: 'resourcecenter.aliyuncs.com', name: 'Resource Center', delegatedAdministrators: 5 },
  { servicePrincipal: 'ros.aliyuncs.com', name: 'Resource Orchestration Service', delegatedAdministrators: 5 },
];

const BY_PRINCIPAL = new Map(TRUSTED_SERVICES.map((service) => [service.servicePrincipal, service]));

/** The trusted service of this identifier, if there is one. */
export const trustedService = (servicePrincipal: string): TrustedService | undefined => BY_PRINCIPAL.get(servicePrincipal);
