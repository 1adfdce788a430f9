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
 * The trusted services Canopy knows. Sources: "Supported trusted services" (the identifiers of Cloud
 * Config and ActionTrail, and that both support delegated administrators):
 * https://help.aliyun.com/en/resource-management/resource-directory/user-guide/overview-1 and, for
 * each maximum, the service's page on its delegated administrator accounts, cited per entry.
 * RegisterDelegatedAdministrator says only "the number of delegated administrator accounts that are
 * allowed for a trusted service is defined by the trusted service". The rest of the table could not be
 * read; services missing here answer InvalidParameter.ServicePrincipal. Inferred values say so.
 */
export const TRUSTED_SERVICES: readonly TrustedService[] = [
  // Identifier: "Supported trusted services". Maximum inferred: the Cloud Config page speaks of "the
  // delegated administrator account" throughout and gives no number
  // (https://www.alibabacloud.com/help/en/cloud-config/latest/424945).
  { servicePrincipal: 'config.aliyuncs.com', name: 'Cloud Config', delegatedAdministrators: 1 },
  // Identifier: "Supported trusted services". Maximum inferred as for Cloud Config: "a member ... as the
  // delegated administrator account for ActionTrail" (https://www.alibabacloud.com/help/doc-detail/298194.htm).
  { servicePrincipal: 'actiontrail.aliyuncs.com', name: 'ActionTrail', delegatedAdministrators: 1 },
  // Identifier: the RegisterDelegatedAdministrator and ListDelegatedAdministrators examples. The
  // latter's example "shows that two delegated administrator accounts for Cloud Firewall exist"
  // (https://alibabacloud.com/help/en/resource-management/api-listdelegatedadministrators); no maximum
  // is given, so Canopy takes five, the figure the services below document. Inferred.
  { servicePrincipal: 'cloudfw.aliyuncs.com', name: 'Cloud Firewall', delegatedAdministrators: 5 },
  // "You can add up to five delegated administrator accounts."
  // (https://alibabacloud.com/help/en/resource-management/resource-center/user-guide/manage-the-delegated-administrator-account-of-resource-center).
  // Identifier inferred: the service's endpoint domain.
  { servicePrincipal: 'resourcecenter.aliyuncs.com', name: 'Resource Center', delegatedAdministrators: 5 },
  // "You can add a maximum of five delegated administrator accounts in ROS."
  // (https://www.alibabacloud.com/help/en/resource-orchestration-service/latest/step-1-create-a-delegated-administrator-account).
  // Identifier inferred: the service's endpoint domain.
  { servicePrincipal: 'ros.aliyuncs.com', name: 'Resource Orchestration Service', delegatedAdministrators: 5 },
  // Tag Policy: "You can add a maximum of two delegated administrator accounts."
  // (https://www.alibabacloud.com/help/en/resource-management/tag/user-guide/manage-a-delegated-administrator-account-for-tag-policy).
  // Identifier inferred: the Tag service's principal (its service-linked role's).
  { servicePrincipal: 'tag.aliyuncs.com', name: 'Tag', delegatedAdministrators: 2 },
];

const BY_PRINCIPAL = new Map(TRUSTED_SERVICES.map((service) => [service.servicePrincipal, service]));

/** The trusted service of this identifier, if there is one. */
export const trustedService = (servicePrincipal: string): TrustedService | undefined => BY_PRINCIPAL.get(servicePrincipal);
