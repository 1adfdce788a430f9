import type { AccountsService } from '../domain/accounts/service.js';
import type { ContactBindingService } from '../domain/contacts/binding-service.js';
import type { MessageContactService } from '../domain/contacts/contact-service.js';
import type { ContactVerificationService } from '../domain/contacts/verification-service.js';
import type { DelegationService } from '../domain/delegation/delegation-service.js';
import type { BillingService } from '../domain/directory/billing-service.js';
import type { DeletionService } from '../domain/directory/deletion-service.js';
import type { EmailChangeService } from '../domain/directory/email-change-service.js';
import type { FolderService } from '../domain/directory/folder-service.js';
import type { HandshakeService } from '../domain/directory/handshake-service.js';
import type { MemberService } from '../domain/directory/member-service.js';
import type { PhoneBindingService } from '../domain/directory/phone-binding-service.js';
import type { DirectoryService } from '../domain/directory/service.js';
import type { DomainStores } from '../domain/store.js';
import type { ControlPolicyService } from '../domain/policies/policy-service.js';
import type { TagService } from '../domain/tags/tag-service.js';

/** Domain services the actions call, built once in main.ts. Each method takes the transaction first. */
export interface Services {
  readonly accounts: AccountsService;
  readonly directory: DirectoryService;
  readonly folders: FolderService;
  readonly members: MemberService;
  readonly deletions: DeletionService;
  readonly handshakes: HandshakeService;
  readonly phoneBinding: PhoneBindingService;
  readonly billing: BillingService;
  readonly emailChanges: EmailChangeService;
  readonly tags: TagService;
  readonly controlPolicies: ControlPolicyService;
  readonly contacts: MessageContactService;
  readonly contactBindings: ContactBindingService;
  readonly contactVerification: ContactVerificationService;
  readonly delegation: DelegationService;
}

/** A service's public operations with the request's transaction already given. */
export type InTransaction<S> = {
  readonly [K in keyof S as S[K] extends (tx: DomainStores, ...args: never[]) => unknown ? K : never]: S[K] extends (
    tx: DomainStores,
    ...args: infer A
  ) => infer R
    ? (...args: A) => R
    : never;
};

/** What an action sees of the domain: the services, bound to its request's transaction, and no store. */
export type RequestServices = { readonly [K in keyof Services]: InTransaction<Services[K]> };

/**
 * Binds the services to one request's transaction, so an action calls `services.folders.create(caller, …)`
 * and can reach the stores only through a service: every rule stays in the domain. Proxies, because a
 * request touches one or two services of many: nothing is built for the others.
 */
export function bindServices(services: Services, tx: DomainStores): RequestServices {
  const bind = (service: object) =>
    new Proxy(service, {
      get(target, name) {
        const member: unknown = Reflect.get(target, name);
        return typeof member === 'function' ? (...args: unknown[]) => member.call(target, tx, ...args) : undefined;
      },
    });
  return new Proxy(services, { get: (target, name) => bind(Reflect.get(target, name) as object) }) as unknown as RequestServices;
}
