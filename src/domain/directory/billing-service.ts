import { ApiError } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { DomainStores } from '../store.js';
import { requireAccountId } from './ids.js';
import type { ResourceDirectory } from './resource-directory.js';
import { type DirectoryScope, memberIn } from './scope.js';

export interface Payer {
  readonly accountId: string;
  readonly accountName: string;
}

/**
 * Who pays for a member: the member itself, or a billing account of its directory (the management
 * account or another member) with the same enterprise name. Canopy keeps no bills, so these are the
 * only billing rules it models (docs/errors.md).
 */
export class BillingService {
  constructor(private readonly scope: DirectoryScope) {}

  /**
   * GetPayerForAccount: the billing account another account is for this member. A member that pays
   * for itself has none to name, so both fields are empty: Terraform's alicloud provider reads
   * `payer_account_id` from here, and its acceptance tests expect a member created without
   * PayerAccountId to read back empty (anything else plans UpdatePayerForAccount on every apply).
   */
  async getPayer(tx: DomainStores, caller: Account, accountId: string | undefined): Promise<Payer> {
    const id = requireAccountId(accountId);
    const directory = await this.scope.managed(tx, caller, 'read');
    await memberIn(tx, directory, id);
    const payerId = await tx.members.payer(id);
    if (payerId === null) return { accountId: '', accountName: '' };
    const payer = await tx.accounts.get(payerId);
    return { accountId: payerId, accountName: payer?.name ?? '' };
  }

  /** UpdatePayerForAccount: only resource-account members change their billing account. */
  async updatePayer(
    tx: DomainStores,
    caller: Account,
    input: { accountId: string | undefined; payerAccountId: string | undefined },
  ): Promise<void> {
    const id = requireAccountId(input.accountId);
    const directory = await this.scope.managed(tx, caller, 'write');
    const member = await memberIn(tx, directory, id);
    if (member.membership.role !== 'member' || member.membership.type !== 'ResourceAccount') throw new ApiError('AccountTypeMismatch');
    const payerId = await this.checkPayer(tx, directory, id, input.payerAccountId);
    await tx.members.setPayer(id, payerId === id ? null : payerId);
  }

  /**
   * A billing account for `accountId`: an account of the directory whose enterprise name is the
   * member's (for a new resource account, the management account's). Returns its ID.
   */
  async checkPayer(
    tx: DomainStores,
    directory: ResourceDirectory,
    accountId: string | null,
    payerAccountId: string | undefined,
  ): Promise<string> {
    if (!payerAccountId || !/^\d{16}$/.test(payerAccountId)) throw new ApiError('NotSupport.PayerAccountInAnotherResourceDirectory');
    const membership = await tx.directories.membership(payerAccountId);
    if (membership?.directoryId !== directory.id) throw new ApiError('NotSupport.PayerAccountInAnotherResourceDirectory');
    const payer = await tx.accounts.get(payerAccountId);
    const owner = await tx.accounts.get(accountId ?? directory.masterAccountId);
    if (payer?.enterpriseName !== owner?.enterpriseName) throw new ApiError('InconsistentEnterpriseNameError');
    return payerAccountId;
  }

  /**
   * PrecheckForConsolidatedBillingAccount: whether an account of the directory may be the billing
   * account of others. Canopy has no financial records, so every account of the directory passes.
   */
  async precheck(tx: DomainStores, caller: Account, billingAccountId: string | undefined): Promise<{ result: boolean; reasons: [] }> {
    const id = requireAccountId(billingAccountId);
    if ((await tx.directories.membership(caller.id))?.role === 'member') throw new ApiError('MemberAccountOperationNotAllowed');
    const directory = await this.scope.managed(tx, caller, 'read');
    await memberIn(tx, directory, id);
    return { result: true, reasons: [] };
  }
}
