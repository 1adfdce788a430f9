import { ApiError, invalidParameter } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import type { DomainStores } from '../store.js';
import type { AccountDeletion } from './deletion-store.js';
import { requireAccountId } from './ids.js';
import type { ResourceDirectory, Switch } from './resource-directory.js';
import { type DirectoryScope, memberIn } from './scope.js';

export interface DeletionSettings {
  /** Seconds a deletion check takes on the domain clock (CANOPY_DELETION_CHECK_SECONDS). */
  readonly checkSeconds: number;
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

/**
 * Deleting resource accounts: the directory's permission switch, a check that completes on the
 * clock, then the deletion, which the directory scope completes once it is due.
 */
export class DeletionService {
  constructor(
    private readonly clock: Clock,
    private readonly scope: DirectoryScope,
    private readonly settings: DeletionSettings,
  ) {}

  async setPermission(tx: DomainStores, caller: Account, status: Switch): Promise<ResourceDirectory> {
    const directory = await this.scope.managed(tx, caller, 'read');
    await tx.directories.setMemberDeletionStatus(directory.id, status);
    return { ...directory, memberDeletionStatus: status };
  }

  /** CheckAccountDelete: starts a check that completes after `checkSeconds`, always allowing deletion. */
  async check(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<void> {
    const id = requireAccountId(accountId);
    const directory = await this.deletable(tx, caller, id, 'AccountTypeOrStatusMismatch');
    const now = this.clock.now();
    await tx.deletions.startCheck(id, directory.id, now, new Date(now.getTime() + this.settings.checkSeconds * 1000));
  }

  async checkResult(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<DeletionCheckResult> {
    const id = requireAccountId(accountId);
    const directory = await this.scope.managed(tx, caller, 'read');
    const deletion = await deletionIn(tx, directory, id);
    const complete = deletion.status !== 'Checking' || deletion.checkDoneAt.getTime() <= this.clock.now().getTime();
    return { status: complete ? 'PreCheckComplete' : 'PreChecking', allowDelete: true };
  }

  /** DeleteAccount: needs a completed check; answers the deletion type ("0", immediate: Canopy has no billing). */
  async delete(
    tx: DomainStores,
    caller: Account,
    input: { accountId: string | undefined; abandonableCheckId: string | undefined },
  ): Promise<'0'> {
    const id = requireAccountId(input.accountId);
    if (input.abandonableCheckId) parseCheckIds(input.abandonableCheckId);
    await this.deletable(tx, caller, id, 'MemberTypeError.DeleteAccount');
    const now = this.clock.now();
    if (!(await tx.deletions.start(id, now, new Date(now.getTime() + this.settings.deletionSeconds * 1000)))) {
      // No check, or one still running (a concurrent DeleteAccount that won is caught above, after its commit).
      if ((await tx.deletions.get(id))?.status === 'Deleting') throw new ApiError('NotSupportedOperation.DeletingAccount');
      throw new ApiError('NotSupportedOperation.CheckingAccount');
    }
    return '0';
  }

  /**
   * What a check and a deletion both require, in the order their errors are documented: a resource
   * account of the caller's directory (else `wrongType`), deletion enabled for the directory, and no
   * deletion under way. Takes the directory lock.
   */
  private async deletable(
    tx: DomainStores,
    caller: Account,
    accountId: string,
    wrongType: 'AccountTypeOrStatusMismatch' | 'MemberTypeError.DeleteAccount',
  ): Promise<ResourceDirectory> {
    const directory = await this.scope.managed(tx, caller, 'write');
    const member = await memberIn(tx, directory, accountId);
    if (member.membership.role !== 'member' || member.membership.type !== 'ResourceAccount') throw new ApiError(wrongType);
    if (directory.memberDeletionStatus !== 'Enabled') throw new ApiError('NoLicense.ResourceDirectory');
    if ((await tx.deletions.get(accountId))?.status === 'Deleting') throw new ApiError('NotSupportedOperation.DeletingAccount');
    return directory;
  }

  async status(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<DeletionStatusView> {
    const id = requireAccountId(accountId);
    const directory = await this.scope.managed(tx, caller, 'read');
    const deletion = await deletionIn(tx, directory, id);
    return {
      accountId: id,
      status: deletion.status,
      createdAt: deletion.deletionStartedAt ?? deletion.checkStartedAt,
      deletedAt: deletion.status === 'Success' ? deletion.deletionDueAt : null,
    };
  }
}

/** The latest check or deletion of an account of this directory; none is EntityNotExists.Account. */
async function deletionIn(tx: DomainStores, directory: ResourceDirectory, accountId: string): Promise<AccountDeletion> {
  const deletion = await tx.deletions.get(accountId);
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
