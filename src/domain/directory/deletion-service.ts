import { ApiError, invalidParameter } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import { enablementStatus } from '../policies/enablement.js';
import type { DomainStores } from '../store.js';
import { type AccountDeletion, shownStatus } from './deletion-store.js';
import { requireAccountId } from './ids.js';
import type { ResourceDirectory } from './resource-directory.js';
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
 * Deleting resource accounts: a check that completes on the clock, then the deletion, which the
 * directory scope completes once it is due. The directory's permission switch is DirectoryService's.
 */
export class DeletionService {
  constructor(
    private readonly clock: Clock,
    private readonly scope: DirectoryScope,
    private readonly settings: DeletionSettings,
  ) {}

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
    const complete = deletion.checkDoneAt.getTime() <= this.clock.now().getTime();
    return { status: complete ? 'PreCheckComplete' : 'PreChecking', allowDelete: true };
  }

  /**
   * DeleteAccount. With no completed check it runs its own first: the status reads `Checking` until
   * the check is done, then `Deleting`, then `Success` once the deletion is due (Terraform's destroy
   * calls DeleteAccount directly). Answers the deletion type: "0", immediate (Canopy has no billing).
   */
  async delete(
    tx: DomainStores,
    caller: Account,
    input: { accountId: string | undefined; abandonableCheckId: string | undefined },
  ): Promise<'0'> {
    const id = requireAccountId(input.accountId);
    if (input.abandonableCheckId) parseCheckIds(input.abandonableCheckId);
    const directory = await this.deletable(tx, caller, id, 'MemberTypeError.DeleteAccount');
    const now = this.clock.now();
    const check = await tx.deletions.get(id);
    const checked = check?.status === 'Checking';
    const checkDoneAt = checked ? check.checkDoneAt : new Date(now.getTime() + this.settings.checkSeconds * 1000);
    const schedule = {
      checkStartedAt: checked ? check.checkStartedAt : now,
      checkDoneAt,
      startedAt: now,
      dueAt: new Date(Math.max(checkDoneAt.getTime(), now.getTime()) + this.settings.deletionSeconds * 1000),
    };
    // A concurrent DeleteAccount that started first is seen here, after its commit: the row decides.
    if (!(await tx.deletions.start(id, directory.id, schedule))) throw new ApiError('NotSupportedOperation.DeletingAccount');
    return '0';
  }

  /**
   * What a check and a deletion both require, in the order their errors are documented: a resource
   * account of the caller's directory (else `wrongType`), deletion enabled for the directory, no
   * deletion under way, and no delegated-administrator registration. Takes the directory lock.
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
    if ((await tx.delegations.servicesOf(accountId)).length > 0) throw new ApiError('RemoveConfilctAccountAsDelegatedAdministator');
    // Documented for both operations: while the Control Policy switch is turning (PendingEnable or
    // PendingDisable), members are not deleted.
    const status = enablementStatus(directory, this.clock.now());
    if (status === 'PendingEnable' || status === 'PendingDisable') throw new ApiError('InvalidControlPolicyEnablementStatus');
    return directory;
  }

  async status(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<DeletionStatusView> {
    const id = requireAccountId(accountId);
    const directory = await this.scope.managed(tx, caller, 'read');
    const deletion = await deletionIn(tx, directory, id);
    return {
      accountId: id,
      status: shownStatus(deletion, this.clock.now()),
      createdAt: deletion.deletionStartedAt ?? deletion.checkStartedAt,
      deletedAt: deletion.status === 'Success' ? deletion.deletionDueAt : null,
    };
  }
}

/**
 * The latest check or deletion of an account of this directory. A member with none is
 * EntityNotExists.CheckAccount; an account that is neither is EntityNotExists.Account.
 */
async function deletionIn(tx: DomainStores, directory: ResourceDirectory, accountId: string): Promise<AccountDeletion> {
  const deletion = await tx.deletions.get(accountId);
  if (deletion && deletion.directoryId === directory.id) return deletion;
  await memberIn(tx, directory, accountId);
  throw new ApiError('EntityNotExists.CheckAccount');
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
