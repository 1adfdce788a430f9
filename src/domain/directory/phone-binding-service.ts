import { ApiError, missingParameter } from '../../errors/api-error.js';
import type { Caller, Site } from '../accounts/account.js';
import type { DomainStores } from '../store.js';
import { requirePhone } from '../verification/phone.js';
import type { VerificationService } from '../verification/service.js';
import { requireAccountId } from './ids.js';
import { type DirectoryScope, memberIn } from './scope.js';

export interface BindPhoneInput {
  readonly accountId: string | undefined;
  readonly phone: string | undefined;
}

/** Binding a secure mobile phone to a resource account, with a code sent to that phone. */
export class PhoneBindingService {
  constructor(
    private readonly site: Site,
    private readonly verification: VerificationService,
    private readonly scope: DirectoryScope,
  ) {}

  /**
   * SendVerificationCodeForBindSecureMobilePhone: a code to the phone to bind to a resource account
   * of the caller's directory, counted against that member's daily quota. Returns when it expires.
   */
  async sendCode(tx: DomainStores, caller: Caller, input: BindPhoneInput): Promise<Date> {
    const accountId = requireAccountId(input.accountId);
    const phone = requirePhone(this.site, input.phone, 'SecureMobilePhone');
    await this.target(tx, caller, accountId);
    const { expiresAt } = await this.verification.send(tx, { accountId, purpose: 'BindSecureMobilePhone', phone });
    return expiresAt;
  }

  /** BindSecureMobilePhone: first-time binding only, with the code sent to that same phone. */
  async bind(tx: DomainStores, caller: Caller, input: BindPhoneInput & { readonly code: string | undefined }): Promise<void> {
    const accountId = requireAccountId(input.accountId);
    const phone = requirePhone(this.site, input.phone, 'SecureMobilePhone');
    if (!input.code) throw missingParameter('VerificationCode');
    await this.target(tx, caller, accountId);
    await this.verification.verify(
      tx,
      { accountId, purpose: 'BindSecureMobilePhone', phone },
      input.code,
      true,
      'Invalid.VerificationCode',
    );
    // Atomic (`WHERE secure_phone IS NULL`): of two binds racing with two codes, one wins.
    if (!(await tx.accounts.bindSecurePhone(accountId, phone))) throw new ApiError('AccountSecureMobileAlreadyExists');
  }

  /**
   * Only a RAM user of the management account binds phones: its root key and a member's keys get
   * CallerIdentityError; an account in no directory has none to bind in. The target must be a
   * resource account of the caller's directory that has no phone yet.
   */
  private async target(tx: DomainStores, caller: Caller, accountId: string): Promise<void> {
    const membership = await tx.directories.membership(caller.id);
    if (!membership) throw new ApiError('EntityNotExists.ResourceDirectory');
    if (membership.role !== 'master' || caller.ramUser === null) throw new ApiError('CallerIdentityError');
    const directory = await this.scope.managed(tx, caller, 'read');
    const member = await memberIn(tx, directory, accountId);
    if (member.membership.role !== 'member' || member.membership.type !== 'ResourceAccount') throw new ApiError('AccountTypeMismatch');
    const account = await tx.accounts.get(accountId);
    if (!account) throw new Error(`member ${accountId} has no account`);
    if (account.securePhone !== null) throw new ApiError('AccountSecureMobileAlreadyExists');
  }
}
