import { ApiError, invalidParameter } from '../../errors/api-error.js';
import type { Account, Site } from '../accounts/account.js';
import type { AccountsService } from '../accounts/service.js';
import type { Clock } from '../clock.js';
import { type Page, type PageRequest, page } from '../paging.js';
import { lowerAlnum, type Random } from '../random.js';
import type { DomainStores } from '../store.js';
import { attachDefaultPolicy } from '../policies/enablement.js';
import type { BillingService } from './billing-service.js';
import { type EmailChangeState, stateAt } from './email-change-store.js';
import { FOLDER_ID, requireAccountId } from './ids.js';
import type { Tag } from '../tags/tag-store.js';
import { type DeletionState, shownStatus } from './deletion-store.js';
import type { Member, MemberFilter } from './member-store.js';
import type { Membership, ResourceDirectory } from './resource-directory.js';
import { type DirectoryScope, folderIn, memberIn } from './scope.js';

export interface MemberSettings {
  /** Members per directory, the management account not counted (spec 8: 20, adjustable). */
  readonly quota: number;
}

/** A member with what GetAccount shows around it. */
export interface MemberDetails {
  readonly member: Member;
  readonly account: Account;
  /** `rd-…/r-…[/fd-…]/<accountId>`. */
  readonly path: string;
  /** `root[/<folder name>…]`: the folder names from Root down to the member's folder. */
  readonly location: string;
  /** Only when asked for. */
  readonly tags?: Tag[];
  /** Where the latest change of the member's login email stands now; null when there was none. */
  readonly emailChange: EmailChangeState | null;
}

/** A page of members, with their paths (ListAccounts) and tags when asked for. */
export interface MemberPage extends Page<Member> {
  /** Members whose deletion is under way, as GetAccountDeletionStatus would show it now. */
  readonly deletionStatuses: ReadonlyMap<string, DeletionState>;
  readonly paths?: Map<string, string>;
  readonly tags?: Map<string, Tag[]>;
}

export interface NewResourceAccount {
  readonly displayName: string | undefined;
  readonly accountNamePrefix: string | undefined;
  readonly parentFolderId: string | undefined;
  readonly tags: readonly Tag[];
  /** A billing account of the directory; absent: the new account pays for itself. */
  readonly payerAccountId?: string | undefined;
  readonly dryRun?: boolean;
}

const DISPLAY_NAME_INTERNATIONAL = /^[A-Za-z0-9_. -]+$/;
const DISPLAY_NAME_CHINA = /^[A-Za-z0-9_. \-\u4e00-\u9fa5]+$/;
/** Letters, digits and `_ . -`, alphanumeric at both ends, never two special characters in a row. */
const PREFIX = /^[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?=[A-Za-z0-9]))*$/;
export const MAX_DISPLAY_NAME_LENGTH = 50;

/** Member accounts of a resource directory, managed by its management account. */
export class MemberService {
  private readonly displayNamePattern: RegExp;
  private readonly maxPrefixLength: number;

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    site: Site,
    private readonly accounts: AccountsService,
    private readonly scope: DirectoryScope,
    private readonly billing: BillingService,
    private readonly settings: MemberSettings,
  ) {
    this.displayNamePattern = site === 'china' ? DISPLAY_NAME_CHINA : DISPLAY_NAME_INTERNATIONAL;
    this.maxPrefixLength = site === 'china' ? 50 : 37;
  }

  /** CreateResourceAccount. With `dryRun`, every check runs and nothing is created: the answer is undefined. */
  async createResourceAccount(tx: DomainStores, caller: Account, input: NewResourceAccount): Promise<Member | undefined> {
    const displayName = this.checkDisplayName(input.displayName);
    const prefix = input.accountNamePrefix ? this.checkPrefix(input.accountNamePrefix) : undefined;
    const parentParam = input.parentFolderId || undefined;
    if (parentParam !== undefined && !FOLDER_ID.test(parentParam)) throw new ApiError('InvalidParameter.ParentFolderId');
    const directory = await this.scope.managed(tx, caller, 'write');
    const folder = await folderIn(tx, directory, parentParam ?? directory.rootFolderId);
    if ((await tx.directories.countMembers(directory.id)) >= this.settings.quota) throw new ApiError('LimitExceeded.Account');
    if (await tx.members.displayNameTaken(directory.id, displayName))
      throw new ApiError('InvalidParameter.Account.DisplayName.AlreadyUsed');

    const domain = `@${directory.id.toLowerCase()}.aliyunid.com`;
    let name: string;
    if (prefix !== undefined) {
      name = `${prefix}${domain}`;
      if (await tx.accounts.findByName(name)) throw new ApiError('EntityAlreadyExists.ResourceDirectory.Account');
    } else {
      do name = `${lowerAlnum(this.random, 12)}${domain}`;
      while (await tx.accounts.findByName(name));
    }
    const payer = input.payerAccountId ? await this.billing.checkPayer(tx, directory, null, input.payerAccountId) : undefined;
    if (input.dryRun) return undefined;
    const master = await tx.accounts.get(directory.masterAccountId);
    if (!master) throw new Error(`directory ${directory.id} has no management account ${directory.masterAccountId}`);
    const account = await this.accounts.create(tx, {
      name,
      displayName,
      securePhone: null,
      enterpriseVerified: true,
      enterpriseName: master.enterpriseName,
      site: master.site,
    });
    const now = this.clock.now();
    const membership: Membership = {
      accountId: account.id,
      directoryId: directory.id,
      folderId: folder.id,
      role: 'member',
      type: 'ResourceAccount',
      joinMethod: 'created',
      status: 'CreateSuccess',
      joinedAt: now,
      modifiedAt: now,
    };
    if (!(await tx.members.insert(membership, displayName))) throw new ApiError('InvalidParameter.Account.DisplayName.AlreadyUsed');
    await tx.tags.put(directory.id, 'Account', account.id, input.tags);
    await attachDefaultPolicy(tx, directory, { id: account.id, type: 'Account' }, now);
    if (payer !== undefined) await tx.members.setPayer(account.id, payer);
    return { membership, accountName: name, displayName };
  }

  async get(tx: DomainStores, caller: Account, input: { accountId: string | undefined; includeTags: boolean }): Promise<MemberDetails> {
    const id = requireAccountId(input.accountId);
    const directory = await this.scope.managed(tx, caller, 'view');
    const member = await memberIn(tx, directory, id);
    const account = await tx.accounts.get(id);
    if (!account) throw new Error(`member ${id} has no account`);
    const folder = await folderIn(tx, directory, member.membership.folderId);
    const chain = [...(await tx.folders.ancestors(folder.id)), folder];
    const tags = input.includeTags ? ((await tx.tags.of('Account', [id])).get(id) ?? []) : undefined;
    const emailChange = await tx.emailChanges.latest(id);
    return {
      member,
      account,
      emailChange: emailChange ? stateAt(emailChange, this.clock.now()) : null,
      path: [directory.id, ...chain.map((f) => f.id), id].join('/'),
      location: ['root', ...chain.slice(1).map((f) => f.name)].join('/'),
      ...(tags === undefined ? {} : { tags }),
    };
  }

  /**
   * ListAccounts (no folder; each member with its path) and ListAccountsForParent (a folder, Root by
   * default). Tags of the page's members when asked for.
   */
  async list(
    tx: DomainStores,
    caller: Account,
    input: PageRequest & { filter: MemberFilter; parentFolderId?: string | undefined; forParent: boolean; includeTags: boolean },
  ): Promise<MemberPage> {
    const parentParam = input.parentFolderId || undefined;
    if (parentParam !== undefined && !FOLDER_ID.test(parentParam)) throw new ApiError('InvalidParameter.ParentFolderId');
    const directory = await this.scope.managed(tx, caller, 'view');
    let filter = input.filter;
    if (input.forParent) {
      const parent = await folderIn(tx, directory, parentParam ?? directory.rootFolderId);
      filter = Object.assign({}, filter, { folderId: parent.id });
    }
    const found = await page(
      input,
      () => tx.members.count(directory.id, filter),
      (offset, limit) => tx.members.list(directory.id, filter, offset, limit),
    );
    const tags = input.includeTags
      ? await tx.tags.of(
          'Account',
          found.items.map((m) => m.membership.accountId),
        )
      : undefined;
    const paths = input.forParent ? undefined : await this.paths(tx, directory, found.items);
    const now = this.clock.now();
    const deletionStatuses = new Map<string, DeletionState>();
    for (const { membership, deletion } of found.items) {
      if (deletion) deletionStatuses.set(membership.accountId, shownStatus(deletion, now));
    }
    return Object.assign({}, found, {
      deletionStatuses,
      ...(tags === undefined ? {} : { tags }),
      ...(paths === undefined ? {} : { paths }),
    });
  }

  /** `rd-…/r-…[/fd-…]/<accountId>` for each member, reading each folder's ancestors once. */
  private async paths(tx: DomainStores, directory: ResourceDirectory, members: readonly Member[]): Promise<Map<string, string>> {
    const folderPaths = new Map<string, string>();
    const result = new Map<string, string>();
    for (const { membership } of members) {
      let folderPath = folderPaths.get(membership.folderId);
      if (folderPath === undefined) {
        const ancestors = await tx.folders.ancestors(membership.folderId);
        folderPath = [directory.id, ...ancestors.map((f) => f.id), membership.folderId].join('/');
        folderPaths.set(membership.folderId, folderPath);
      }
      result.set(membership.accountId, `${folderPath}/${membership.accountId}`);
    }
    return result;
  }

  /**
   * UpdateAccount: a new display name, or a switch between resource and cloud account. A switch to a
   * cloud account needs security information (a secure phone or email); a switch to a resource account
   * also needs the management account's legal entity and no AccessKey of the root user. `dryRun`
   * runs every check and changes nothing.
   */
  async update(
    tx: DomainStores,
    caller: Account,
    input: { accountId: string | undefined; newDisplayName: string | undefined; newAccountType: string | undefined; dryRun: boolean },
  ): Promise<Member> {
    const id = requireAccountId(input.accountId);
    const newName = input.newDisplayName || undefined;
    const newType = input.newAccountType || undefined;
    if (newName === undefined && newType === undefined) throw new ApiError('MissingDisplayNameOrAccountType');
    if (newName !== undefined && newType !== undefined) throw invalidParameter('NewAccountType');
    if (newType !== undefined && newType !== 'ResourceAccount' && newType !== 'CloudAccount') throw invalidParameter('NewAccountType');
    const displayName = newName === undefined ? undefined : this.checkDisplayName(newName);
    const directory = await this.scope.managed(tx, caller, 'write');
    const member = await memberIn(tx, directory, id);
    const now = this.clock.now();
    if (newType !== undefined) {
      await this.checkSwitch(tx, directory, member, newType);
      if (input.dryRun) return member;
      await tx.members.switchType(id, newType, 'SwitchSuccess', now);
      return Object.assign({}, member, {
        membership: Object.assign({}, member.membership, { type: newType, status: 'SwitchSuccess', modifiedAt: now }),
      });
    }
    if (displayName === undefined || displayName === member.displayName) return member;
    if (await tx.members.displayNameTaken(directory.id, displayName, id))
      throw new ApiError('InvalidParameter.Account.DisplayName.AlreadyUsed');
    if (input.dryRun) return member;
    await tx.members.rename(id, displayName, now);
    return Object.assign({}, member, { displayName, membership: Object.assign({}, member.membership, { modifiedAt: now }) });
  }

  /** The documented refusals of a type switch, in the order the API lists them. */
  private async checkSwitch(tx: DomainStores, directory: ResourceDirectory, member: Member, newType: Membership['type']): Promise<void> {
    if (member.membership.role !== 'member' || member.membership.type === newType) throw new ApiError('AccountTypeMismatch');
    const account = await tx.accounts.get(member.membership.accountId);
    if (!account) throw new Error(`member ${member.membership.accountId} has no account`);
    if (newType === 'ResourceAccount') {
      const master = await tx.accounts.get(directory.masterAccountId);
      if (account.enterpriseName !== master?.enterpriseName) throw new ApiError('LegalEntityDifferent');
    }
    if (account.securePhone === null && account.secureEmail === null) throw new ApiError('MissingSecurityInfo');
    if (newType === 'ResourceAccount' && (await tx.accessKeys.countRoot(account.id)) > 0) throw new ApiError('PrimaryAkInUse');
  }

  async move(
    tx: DomainStores,
    caller: Account,
    input: { accountId: string | undefined; destinationFolderId: string | undefined },
  ): Promise<void> {
    const id = requireAccountId(input.accountId);
    if (!input.destinationFolderId) throw new ApiError('MissingParameter.DestinationFolderId');
    if (!FOLDER_ID.test(input.destinationFolderId)) throw new ApiError('InvalidParameter.DestinationFolderId');
    const directory = await this.scope.managed(tx, caller, 'write');
    const member = await memberIn(tx, directory, id);
    const folder = await folderIn(tx, directory, input.destinationFolderId);
    if (member.membership.folderId === folder.id) return;
    await tx.members.move(id, folder.id, this.clock.now());
  }

  /** Only invited (cloud-account) members leave; they become standalone accounts again. */
  async removeCloudAccount(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<void> {
    const id = requireAccountId(accountId);
    const directory = await this.scope.managed(tx, caller, 'write');
    const member = await memberIn(tx, directory, id);
    if (member.membership.role !== 'member' || member.membership.type !== 'CloudAccount') throw new ApiError('AccountTypeOrStatusMismatch');
    // A delegated administrator is in use by its trusted services: deregister it first (RemoveCloudAccount documents Deny.TrustedService).
    const delegations = await tx.delegations.servicesOf(id);
    if (delegations.length > 0)
      throw new ApiError('Deny.TrustedService', { args: [delegations.map((d) => d.servicePrincipal).join(', ')] });
    await tx.members.remove(id);
    // A member that leaves takes no control policy with it (documented: its policies are detached).
    await tx.controlPolicies.detachTarget(id);
  }

  private checkDisplayName(value: string | undefined): string {
    if (!value) throw new ApiError('MissingParameter.Account.DisplayName');
    const length = [...value].length;
    if (length > MAX_DISPLAY_NAME_LENGTH) throw new ApiError('InvalidParameter.Account.DisplayName.Length');
    if (length < 2 || !this.displayNamePattern.test(value) || value.trim() !== value)
      throw new ApiError('InvalidParameter.Account.DisplayName');
    return value;
  }

  private checkPrefix(value: string): string {
    if (value.length > this.maxPrefixLength) throw new ApiError('InvalidParameter.Account.AccountNamePrefix.Length');
    if (value.length < 2 || !PREFIX.test(value) || !/[A-Za-z0-9]$/.test(value))
      throw new ApiError('InvalidParameter.Account.AccountNamePrefix');
    return value.toLowerCase();
  }
}
