import { ApiError, missingParameter } from '../../errors/api-error.js';
import type { Account, Site } from '../accounts/account.js';
import type { AccountsService } from '../accounts/service.js';
import type { Clock } from '../clock.js';
import { alnum, uniqueId, type Random } from '../random.js';
import { enablementStatus } from '../policies/enablement.js';
import type { DomainStores } from '../store.js';
import { requirePhone } from '../verification/phone.js';
import type { VerificationService } from '../verification/service.js';
import type { DirectoryView, Membership, ResourceDirectory } from './resource-directory.js';
import type { DirectoryScope } from './scope.js';

export type EnableMode = 'CurrentAccount' | 'NewManagementAccount';

/** The directory's switches: member deletion, and syncing members' display names to their accounts. */
export type DirectorySwitch = 'memberDeletion' | 'memberDisplayNameSync';

export interface EnableInput {
  readonly mode: EnableMode;
  readonly managementAccountName?: string;
  readonly managementAccountPhone?: string;
  readonly verificationCode?: string;
  readonly dryRun: boolean;
}

// `<prefix>@rdadmin.aliyunid.com`: 2-50 of letters, digits and `_ . -`, alphanumeric at both ends,
// never two special characters in a row.
const MA_NAME = /^[a-z0-9](?:[a-z0-9]|[._-](?=[a-z0-9])){0,48}[a-z0-9]@rdadmin\.aliyunid\.com$/;

/** Enabling, reading and destroying a resource directory, and the code that guards enabling. */
export class DirectoryService {
  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly site: Site,
    private readonly accounts: AccountsService,
    private readonly verification: VerificationService,
    private readonly scope: DirectoryScope,
  ) {}

  async sendEnableCode(tx: DomainStores, caller: Account, phoneParam: string | undefined): Promise<void> {
    // The membership is read with the send's first statement (one round trip fewer on PostgreSQL).
    // Its refusal still comes before any other; thrown after the send, it undoes what the send did.
    const membership = tx.directories.membershipSoon(caller.id);
    try {
      const phone = this.resolvePhone(phoneParam, caller, 'SecureMobilePhone');
      await this.verification.send(tx, { accountId: caller.id, purpose: 'EnableRD', phone });
    } finally {
      refuseMember(await membership.value());
    }
  }

  /** Returns the new directory, or undefined for a dry run that passed every check. */
  async enable(tx: DomainStores, caller: Account, input: EnableInput): Promise<DirectoryView | undefined> {
    if (input.mode === 'NewManagementAccount') {
      if (!input.managementAccountName) throw missingParameter('MAName');
      if (!input.verificationCode) throw missingParameter('VerificationCode');
    }
    await this.requireStandalone(tx, caller);
    requireEnterprise(caller);
    if (input.mode === 'CurrentAccount') {
      if (!caller.securePhone) throw new ApiError('MissingSecurityInfo');
      return input.dryRun ? undefined : this.create(tx, caller);
    }

    const name = input.managementAccountName!.trim().toLowerCase();
    if (!MA_NAME.test(name)) throw new ApiError('InvalidParameter.ManagementAccountName');
    if (await tx.accounts.findByName(name)) throw new ApiError('InvalidParameter.ManagementAccountName.AlreadyUsed');
    const phone = this.resolvePhone(input.managementAccountPhone, caller, 'MASecureMobilePhone');
    await this.verification.verify(tx, { accountId: caller.id, purpose: 'EnableRD', phone }, input.verificationCode!, !input.dryRun);
    if (input.dryRun) return undefined;

    // The new management account inherits the caller's enterprise verification; the caller joins
    // the new directory as an invited cloud account in Root.
    const master = await this.accounts.create(tx, {
      name,
      displayName: name.split('@')[0]!,
      securePhone: phone,
      enterpriseVerified: true,
      enterpriseName: caller.enterpriseName,
      site: caller.site,
    });
    const view = await this.create(tx, master);
    const now = this.clock.now();
    await tx.directories.addMember({
      accountId: caller.id,
      directoryId: view.directory.id,
      folderId: view.directory.rootFolderId,
      role: 'member',
      type: 'CloudAccount',
      joinMethod: 'invited',
      status: 'InviteSuccess',
      joinedAt: now,
      modifiedAt: now,
    });
    return view;
  }

  /** The older enable-with-current-account call that Terraform uses. */
  async init(tx: DomainStores, caller: Account): Promise<DirectoryView> {
    await this.requireStandalone(tx, caller);
    if (this.site === 'china' && caller.site !== 'china') throw new ApiError('NotSupport.Account.Site');
    if (caller.profileType !== 'standard') throw new ApiError('Invalid.AccountType');
    requireEnterprise(caller);
    return this.create(tx, caller);
  }

  /** The directory the caller manages or belongs to. */
  async get(tx: DomainStores, caller: Account): Promise<DirectoryView> {
    const membership = await tx.directories.membership(caller.id);
    const directory = membership && (await tx.directories.get(membership.directoryId));
    if (!directory) throw new ApiError('ResourceDirectoryNotInUse');
    // The management account asking (the common case) was read with its AccessKey in this transaction.
    const master = directory.masterAccountId === caller.id ? caller : await tx.accounts.get(directory.masterAccountId);
    if (!master) throw new Error(`directory ${directory.id} has no management account ${directory.masterAccountId}`);
    return { directory: Object.assign({}, directory, { controlPolicyStatus: enablementStatus(directory, this.clock.now()) }), master };
  }

  /**
   * SetMemberDeletionPermission and SetMemberDisplayNameSyncStatus: a switch of the caller's
   * directory. A member asking is refused with MemberAccountAccessDenied (403), a value other than
   * Enabled/Disabled with InvalidParameter.Status.
   */
  async setSwitch(tx: DomainStores, caller: Account, which: DirectorySwitch, status: string): Promise<ResourceDirectory> {
    if (status !== 'Enabled' && status !== 'Disabled') throw new ApiError('InvalidParameter.Status');
    if ((await tx.directories.membership(caller.id))?.role === 'member') throw new ApiError('MemberAccountAccessDenied');
    const directory = await this.scope.managed(tx, caller, 'read');
    if (which === 'memberDeletion') {
      await tx.directories.setMemberDeletionStatus(directory.id, status);
      return Object.assign({}, directory, { memberDeletionStatus: status });
    }
    await tx.directories.setDisplayNameSyncStatus(directory.id, status);
    return Object.assign({}, directory, { memberDisplayNameSyncStatus: status });
  }

  async destroy(tx: DomainStores, caller: Account): Promise<void> {
    // The directory lock: nobody joins between the count below and the delete (other instances
    // included), and deletions due by now complete first, so a member whose deletion has ended no longer counts.
    const directory = await this.scope.managed(tx, caller, 'write');
    if ((await tx.directories.countMembers(directory.id)) > 0) throw new ApiError('DeleteConflict.ResourceDirectory.Account');
    if ((await tx.directories.countFolders(directory.id)) > 0) throw new ApiError('DeleteConflict.ResourceDirectory.Folder');
    await tx.tags.clear(directory.id);
    await tx.controlPolicies.clear(directory.id);
    await tx.contacts.clear(directory.id);
    await tx.delegations.clear(directory.id);
    await tx.directories.remove(directory.id);
  }

  private async requireStandalone(tx: DomainStores, caller: Account): Promise<void> {
    refuseMember(await tx.directories.membership(caller.id));
  }

  /** The phone from the parameter, else the caller's bound phone, checked against the site. */
  private resolvePhone(param: string | undefined, caller: Account, paramName: string): string {
    const value = param || caller.securePhone;
    if (!value) throw new ApiError('MissingSecureMobilePhone');
    return requirePhone(this.site, value, paramName);
  }

  private async create(tx: DomainStores, master: Account): Promise<DirectoryView> {
    const taken = (id: string) => tx.directories.idTaken(id);
    const directoryId = await uniqueId(() => `rd-${alnum(this.random, 6)}`, taken);
    const rootFolderId = await uniqueId(() => `r-${alnum(this.random, 6)}`, taken);
    const now = this.clock.now();
    const directory: ResourceDirectory = {
      id: directoryId,
      masterAccountId: master.id,
      rootFolderId,
      createdAt: now,
      controlPolicyStatus: 'Disabled',
      controlPolicyChangedAt: null,
      memberDeletionStatus: 'Disabled',
      memberDisplayNameSyncStatus: 'Disabled',
    };
    await tx.directories.insert(
      directory,
      { id: rootFolderId, directoryId, name: 'Root', parentId: null, createdAt: now },
      {
        accountId: master.id,
        directoryId,
        folderId: rootFolderId,
        role: 'master',
        type: 'CloudAccount',
        joinMethod: 'created',
        status: 'CreateSuccess',
        joinedAt: now,
        modifiedAt: now,
      },
    );
    return { directory, master };
  }
}

function requireEnterprise(account: Account): void {
  if (!account.enterpriseVerified) throw new ApiError('EnterpriseRealNameVerificationError');
  if (!account.enterpriseName.trim()) throw new ApiError('Invalid.EnterpriseName');
}

/** An account already in a directory cannot enable one. */
function refuseMember(membership: Membership | undefined): void {
  if (!membership) return;
  throw new ApiError(
    membership.role === 'master' ? 'EntityAlreadyExists.ResourceDirectory' : 'NotSupport.AccountInAnotherResourceDirectory',
  );
}
