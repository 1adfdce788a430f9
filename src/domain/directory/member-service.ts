import { ApiError, invalidParameter } from '../../errors/api-error.js';
import type { Account, Site } from '../accounts/account.js';
import type { AccountsService } from '../accounts/service.js';
import type { Clock } from '../clock.js';
import { lowerAlnum, type Random } from '../random.js';
import type { DomainStores } from '../store.js';
import type { AccountDeletion, Member, MemberFilter, Tag } from './member-store.js';
import type { Membership, ResourceDirectory, Switch } from './resource-directory.js';
import { folderIn, managedDirectory } from './scope.js';

export interface MemberSettings {
  /** Members per directory, the management account not counted (spec 8: 20, adjustable). */
  readonly quota: number;
  /** Seconds a deletion check takes on the domain clock (CANOPY_DELETION_CHECK_SECONDS). */
  readonly deletionCheckSeconds: number;
  /** Seconds from DeleteAccount to `Success` on the domain clock (CANOPY_DELETION_SECONDS). */
  readonly deletionSeconds: number;
}

/** GetAccountDeletionCheckResult's view of the latest check. */
export interface DeletionCheckResult {
  readonly status: 'PreChecking' | 'PreCheckComplete';
  readonly allowDelete: boolean;
}

/** GetAccountDeletionStatus's view. */
export interface DeletionStatusView {
  readonly accountId: string;
  readonly status: 'Checking' | 'Deleting' | 'Success';
  readonly createdAt: Date;
  readonly deletedAt: Date | null;
}

/** A member with what GetAccount and the lists show around it. */
export interface MemberDetails {
  readonly member: Member;
  readonly directory: ResourceDirectory;
  /** `rd-…/r-…[/fd-…]/<accountId>`. */
  readonly path: string;
  /** `root[/<folder name>…]`: the folder names from Root down to the member's folder. */
  readonly location: string;
}

export interface MemberPage {
  readonly members: Member[];
  readonly total: number;
  readonly directory: ResourceDirectory;
}

export interface NewResourceAccount {
  readonly displayName: string | undefined;
  readonly accountNamePrefix: string | undefined;
  readonly parentFolderId: string | undefined;
  readonly tags: readonly Tag[];
}

const ACCOUNT_ID = /^\d{16}$/;
const FOLDER_ID = /^(?:fd-[A-Za-z0-9]{10}|r-[A-Za-z0-9]{6})$/;
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
    private readonly settings: MemberSettings,
  ) {
    this.displayNamePattern = site === 'china' ? DISPLAY_NAME_CHINA : DISPLAY_NAME_INTERNATIONAL;
    this.maxPrefixLength = site === 'china' ? 50 : 37;
  }

  async createResourceAccount(tx: DomainStores, caller: Account, input: NewResourceAccount): Promise<Member> {
    const displayName = this.checkDisplayName(input.displayName, 'MissingParameter.Account.DisplayName');
    const prefix = input.accountNamePrefix ? this.checkPrefix(input.accountNamePrefix) : undefined;
    const parentParam = input.parentFolderId || undefined;
    if (parentParam !== undefined && !FOLDER_ID.test(parentParam)) throw new ApiError('InvalidParameter.ParentFolderId');
    const directory = await managedDirectory(tx, caller);
    await tx.folders.lockDirectory(directory.id);
    await tx.members.finishDeletions(directory.id, this.clock.now());
    const folder = await folderIn(tx, directory, parentParam ?? directory.rootFolderId);
    if ((await tx.directories.countMembers(directory.id)) >= this.settings.quota) throw new ApiError('LimitExceeded.Account');
    if (await tx.members.displayNameTaken(directory.id, displayName)) throw new ApiError('InvalidParameter.Account.DisplayName.AlreadyUsed');

    const domain = `@${directory.id.toLowerCase()}.aliyunid.com`;
    let name: string;
    if (prefix !== undefined) {
      name = `${prefix}${domain}`;
      if (await tx.accounts.findByName(name)) throw new ApiError('EntityAlreadyExists.ResourceDirectory.Account');
    } else {
      do name = `${lowerAlnum(this.random, 12)}${domain}`;
      while (await tx.accounts.findByName(name));
    }
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
    if (!(await tx.members.insert(membership, displayName, input.tags))) throw new ApiError('InvalidParameter.Account.DisplayName.AlreadyUsed');
    return { membership, accountName: name, displayName };
  }

  async get(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<MemberDetails> {
    const id = requireAccountId(accountId);
    const directory = await managedDirectory(tx, caller);
    await tx.members.finishDeletions(directory.id, this.clock.now());
    const member = await memberIn(tx, directory, id);
    const folder = await folderIn(tx, directory, member.membership.folderId);
    const chain = [...(await tx.folders.ancestors(folder.id)), folder];
    return {
      member,
      directory,
      path: [directory.id, ...chain.map((f) => f.id), member.membership.accountId].join('/'),
      location: ['root', ...chain.slice(1).map((f) => f.name)].join('/'),
    };
  }

  /** ListAccounts (no folder) and ListAccountsForParent (a folder, Root by default). */
  async list(
    tx: DomainStores,
    caller: Account,
    input: { filter: MemberFilter; parentFolderId?: string | undefined; forParent: boolean; pageNumber: number; pageSize: number },
  ): Promise<MemberPage> {
    const parentParam = input.parentFolderId || undefined;
    if (parentParam !== undefined && !FOLDER_ID.test(parentParam)) throw new ApiError('InvalidParameter.ParentFolderId');
    const directory = await managedDirectory(tx, caller);
    await tx.members.finishDeletions(directory.id, this.clock.now());
    let filter = input.filter;
    if (input.forParent) {
      const parent = await folderIn(tx, directory, parentParam ?? directory.rootFolderId);
      filter = { ...filter, folderId: parent.id };
    }
    const total = await tx.members.count(directory.id, filter);
    const offset = (input.pageNumber - 1) * input.pageSize;
    const members = offset < total ? await tx.members.list(directory.id, filter, offset, input.pageSize) : [];
    return { members, total, directory };
  }

  /** `rd-…/r-…[/fd-…]/<accountId>` for each member, reading each folder's ancestors once. */
  async paths(tx: DomainStores, directory: ResourceDirectory, members: readonly Member[]): Promise<Map<string, string>> {
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

  /** UpdateAccount: a new display name; switching the account type is not supported (AccountTypeMismatch). */
  async update(
    tx: DomainStores,
    caller: Account,
    input: { accountId: string | undefined; newDisplayName: string | undefined; newAccountType: string | undefined },
  ): Promise<Member> {
    const id = requireAccountId(input.accountId);
    const newName = input.newDisplayName || undefined;
    const newType = input.newAccountType || undefined;
    if (newName === undefined && newType === undefined) throw new ApiError('MissingDisplayNameOrAccountType');
    if (newName !== undefined && newType !== undefined) throw invalidParameter('NewAccountType');
    if (newType !== undefined && newType !== 'ResourceAccount' && newType !== 'CloudAccount') throw invalidParameter('NewAccountType');
    const displayName = newName === undefined ? undefined : this.checkDisplayName(newName, 'MissingParameter.Account.DisplayName');
    const directory = await managedDirectory(tx, caller);
    await tx.folders.lockDirectory(directory.id);
    const member = await memberIn(tx, directory, id);
    if (displayName === undefined) throw new ApiError('AccountTypeMismatch');
    if (displayName === member.displayName) return member;
    if (await tx.members.displayNameTaken(directory.id, displayName, id)) throw new ApiError('InvalidParameter.Account.DisplayName.AlreadyUsed');
    const now = this.clock.now();
    await tx.members.rename(id, displayName, now);
    return { ...member, displayName, membership: { ...member.membership, modifiedAt: now } };
  }

  async move(tx: DomainStores, caller: Account, input: { accountId: string | undefined; destinationFolderId: string | undefined }): Promise<void> {
    const id = requireAccountId(input.accountId);
    if (!input.destinationFolderId) throw new ApiError('MissingParameter.DestinationFolderId');
    if (!FOLDER_ID.test(input.destinationFolderId)) throw new ApiError('InvalidParameter.DestinationFolderId');
    const directory = await managedDirectory(tx, caller);
    await tx.folders.lockDirectory(directory.id);
    const member = await memberIn(tx, directory, id);
    const folder = await folderIn(tx, directory, input.destinationFolderId);
    if (member.membership.folderId === folder.id) return;
    await tx.members.move(id, folder.id, this.clock.now());
  }

  /** Only invited (cloud-account) members leave; they become standalone accounts again. */
  async removeCloudAccount(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<void> {
    const id = requireAccountId(accountId);
    const directory = await managedDirectory(tx, caller);
    await tx.folders.lockDirectory(directory.id);
    const member = await memberIn(tx, directory, id);
    if (member.membership.role !== 'member' || member.membership.type !== 'CloudAccount') throw new ApiError('AccountTypeOrStatusMismatch');
    await tx.members.remove(id);
  }

  async setMemberDeletionPermission(tx: DomainStores, caller: Account, status: Switch): Promise<ResourceDirectory> {
    const directory = await managedDirectory(tx, caller);
    await tx.members.setMemberDeletionStatus(directory.id, status);
    return { ...directory, memberDeletionStatus: status };
  }

  /** CheckAccountDelete: starts a check that completes after `deletionCheckSeconds`, always allowing deletion. */
  async checkAccountDelete(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<void> {
    const id = requireAccountId(accountId);
    const directory = await managedDirectory(tx, caller);
    await tx.folders.lockDirectory(directory.id);
    const now = this.clock.now();
    await tx.members.finishDeletions(directory.id, now);
    const member = await memberIn(tx, directory, id);
    if (member.membership.role !== 'member' || member.membership.type !== 'ResourceAccount') throw new ApiError('AccountTypeOrStatusMismatch');
    if (directory.memberDeletionStatus !== 'Enabled') throw new ApiError('NoLicense.ResourceDirectory');
    if ((await tx.members.deletion(id))?.status === 'Deleting') throw new ApiError('NotSupportedOperation.DeletingAccount');
    await tx.members.startDeletionCheck(id, directory.id, now, new Date(now.getTime() + this.settings.deletionCheckSeconds * 1000));
  }

  async deletionCheckResult(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<DeletionCheckResult> {
    const id = requireAccountId(accountId);
    const directory = await managedDirectory(tx, caller);
    const deletion = await deletionIn(tx, directory, id);
    const complete = deletion.status !== 'Checking' || deletion.checkDoneAt.getTime() <= this.clock.now().getTime();
    return { status: complete ? 'PreCheckComplete' : 'PreChecking', allowDelete: true };
  }

  /** DeleteAccount: needs a completed check; answers the deletion type ("0", immediate: Canopy has no billing). */
  async deleteAccount(tx: DomainStores, caller: Account, input: { accountId: string | undefined; abandonableCheckId: string | undefined }): Promise<'0'> {
    const id = requireAccountId(input.accountId);
    if (input.abandonableCheckId) parseCheckIds(input.abandonableCheckId);
    const directory = await managedDirectory(tx, caller);
    await tx.folders.lockDirectory(directory.id);
    const now = this.clock.now();
    await tx.members.finishDeletions(directory.id, now);
    const member = await memberIn(tx, directory, id);
    if (member.membership.role !== 'member' || member.membership.type !== 'ResourceAccount') throw new ApiError('MemberTypeError.DeleteAccount');
    if (directory.memberDeletionStatus !== 'Enabled') throw new ApiError('NoLicense.ResourceDirectory');
    const deletion = await tx.members.deletion(id);
    if (deletion?.status === 'Deleting') throw new ApiError('NotSupportedOperation.DeletingAccount');
    if (!(await tx.members.startDeletion(id, now, new Date(now.getTime() + this.settings.deletionSeconds * 1000)))) {
      // No check, or one still running (a concurrent DeleteAccount that won is caught above, after its commit).
      const again = await tx.members.deletion(id);
      if (again?.status === 'Deleting') throw new ApiError('NotSupportedOperation.DeletingAccount');
      throw new ApiError('NotSupportedOperation.CheckingAccount');
    }
    return '0';
  }

  async deletionStatus(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<DeletionStatusView> {
    const id = requireAccountId(accountId);
    const directory = await managedDirectory(tx, caller);
    await tx.members.finishDeletions(directory.id, this.clock.now());
    const deletion = await deletionIn(tx, directory, id);
    return {
      accountId: id,
      status: deletion.status,
      createdAt: deletion.deletionStartedAt ?? deletion.checkStartedAt,
      deletedAt: deletion.status === 'Success' ? deletion.deletionDueAt : null,
    };
  }

  private checkDisplayName(value: string | undefined, missing: 'MissingParameter.Account.DisplayName'): string {
    if (!value) throw new ApiError(missing);
    const length = [...value].length;
    if (length > MAX_DISPLAY_NAME_LENGTH) throw new ApiError('InvalidParameter.Account.DisplayName.Length');
    if (length < 2 || !this.displayNamePattern.test(value) || value.trim() !== value) throw new ApiError('InvalidParameter.Account.DisplayName');
    return value;
  }

  private checkPrefix(value: string): string {
    if (value.length > this.maxPrefixLength) throw new ApiError('InvalidParameter.Account.AccountNamePrefix.Length');
    if (value.length < 2 || !PREFIX.test(value) || !/[A-Za-z0-9]$/.test(value)) throw new ApiError('InvalidParameter.Account.AccountNamePrefix');
    return value.toLowerCase();
  }
}


/** A member of this directory (the management account included); anyone else does not exist here. */
async function memberIn(tx: DomainStores, directory: ResourceDirectory, accountId: string): Promise<Member> {
  const member = await tx.members.get(accountId);
  if (!member || member.membership.directoryId !== directory.id) throw new ApiError('EntityNotExists.Account');
  return member;
}

/** `AccountId`: present, and 16 digits. */
export /** The latest check or deletion of an account of this directory; none is EntityNotExists.Account. */
async function deletionIn(tx: DomainStores, directory: ResourceDirectory, accountId: string): Promise<AccountDeletion> {
  const deletion = await tx.members.deletion(accountId);
  if (!deletion || deletion.directoryId !== directory.id) throw new ApiError('EntityNotExists.Account');
  return deletion;
}

/** `AbandonableCheckId` as the SDKs send it: one JSON array of strings (`["c1","c2"]`). */
function parseCheckIds(value: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParameter('AbandonableCheckId');
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw invalidParameter('AbandonableCheckId');
  return parsed;
}

function requireAccountId(value: string | undefined): string {
  if (!value) throw new ApiError('MissingParameter.AccountId');
  if (!ACCOUNT_ID.test(value)) throw new ApiError('InvalidParameter.AccountId');
  return value;
}
