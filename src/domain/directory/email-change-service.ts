import { createHmac } from 'node:crypto';
import { ApiError } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import { alnum, type Random, timeOrderedId } from '../random.js';
import { queuedMessage } from '../messages/message.js';
import type { DomainStores } from '../store.js';
import { dayKeyFormatter } from '../verification/quota-day.js';
import { requireEmail } from './email-address.js';
import { type EmailChange, stateAt } from './email-change-store.js';
import { requireAccountId } from './ids.js';
import { type DirectoryScope, memberIn } from './scope.js';
import type { Member } from './member-store.js';

export interface EmailChangeSettings {
  /** How long the link of a confirmation email works (24 hours). */
  readonly validitySeconds: number;
  /** Confirmation emails per member account per quota day, first sends and resends together. */
  readonly dailyLimit: number;
  /** Time zone whose midnight starts a new quota day (the verification codes' day). */
  readonly quotaTimeZone: string;
}

/**
 * What a confirmation link is worth: `ready` to confirm (the GET page), `confirmed` just now (the
 * POST), or why not: no such token (never issued, replaced by a resend, or its account is gone),
 * expired, used already, cancelled, or the address became another account's login name meanwhile.
 */
export type LinkOutcome =
  | { readonly kind: 'ready' | 'confirmed'; readonly change: EmailChange }
  | { readonly kind: 'unknown' | 'expired' | 'used' | 'cancelled' | 'taken' };

/** 32 random bytes, base64url without padding. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Changing the login email of a resource account: the management account asks, a link goes to the
 * new address, and the change takes effect when the link is confirmed there. The token lives only
 * in the email (and the outbox, masked once sent in production); the store keeps its keyed hash.
 */
export class EmailChangeService {
  private readonly dayKey: (at: Date) => string;

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly scope: DirectoryScope,
    private readonly hashKey: Buffer,
    private readonly settings: EmailChangeSettings,
  ) {
    this.dayKey = dayKeyFormatter(settings.quotaTimeZone);
  }

  /** ChangeAccountEmail: a pending change and its confirmation email to the new address. */
  async change(tx: DomainStores, caller: Account, input: { accountId: string | undefined; email: string | undefined }): Promise<void> {
    const accountId = requireAccountId(input.accountId);
    const email = requireEmail(input.email);
    const member = await this.member(tx, caller, accountId);
    // The management account and invited members sign in to accounts of their own: only the
    // accounts the directory created have their login email changed by it.
    if (member.membership.role !== 'member' || member.membership.type !== 'ResourceAccount') {
      throw new ApiError('NotSupport.InvitedAccount');
    }
    // Its own current name included: there would be nothing to change.
    if (await tx.accounts.findByName(email)) throw new ApiError('InvalidParameter.Email.AlreadyUsed');
    const now = this.clock.now();
    await tx.emailChanges.expireDue(accountId, now);
    const token = this.newToken();
    const change: EmailChange = {
      id: `ec-${alnum(this.random, 16)}`,
      accountId,
      email,
      state: 'pending',
      tokenHash: this.hash(token),
      createdAt: now,
      sentAt: now,
      expiresAt: this.expiry(now),
      endedAt: null,
    };
    // One conditional insert: of concurrent requests for one account, on any instance, one gets here.
    if (!(await tx.emailChanges.insertPending(change))) throw new ApiError('NotSupportedOperation.Account.EmailModify');
    await this.send(tx, change, token, now);
  }

  /** RetryChangeAccountEmail: a new email with a new link for the pending change; the old link stops working. */
  async retry(tx: DomainStores, caller: Account, input: { accountId: string | undefined }): Promise<void> {
    const accountId = requireAccountId(input.accountId);
    await this.member(tx, caller, accountId);
    const now = this.clock.now();
    const change = await this.pending(tx, accountId, now);
    const token = this.newToken();
    const renewed = Object.assign({}, change, { tokenHash: this.hash(token), sentAt: now, expiresAt: this.expiry(now) });
    if (!(await tx.emailChanges.renew(change.id, renewed.tokenHash, now, renewed.expiresAt))) {
      throw new ApiError('EntityNotExists.EmailModifyRecord');
    }
    await this.send(tx, renewed, token, now);
  }

  /** CancelChangeAccountEmail: the pending change ends; its link stops working. */
  async cancel(tx: DomainStores, caller: Account, input: { accountId: string | undefined }): Promise<void> {
    const accountId = requireAccountId(input.accountId);
    await this.member(tx, caller, accountId);
    const now = this.clock.now();
    const change = await this.pending(tx, accountId, now);
    if (!(await tx.emailChanges.end(change.id, 'cancelled', now))) throw new ApiError('EntityNotExists.EmailModifyRecord');
  }

  /** What the link's page shows before anyone presses Confirm. Changes nothing. */
  async inspect(tx: DomainStores, token: string): Promise<LinkOutcome> {
    const change = TOKEN.test(token) ? await tx.emailChanges.findByTokenHash(this.hash(token)) : undefined;
    if (!change) return { kind: 'unknown' };
    const state = stateAt(change, this.clock.now());
    if (state === 'confirmed') return { kind: 'used' };
    if (state === 'cancelled' || state === 'expired') return { kind: state };
    if (!(await tx.accounts.get(change.accountId))) return { kind: 'unknown' };
    const holder = await tx.accounts.findByName(change.email);
    if (holder && holder.id !== change.accountId) return { kind: 'taken' };
    return { kind: 'ready', change };
  }

  /**
   * Confirms the change once: the account's login name and security email become the new address.
   * Two concurrent confirmations: one conditional update wins, the other reads `used`. Should two
   * accounts confirm the same address at once, the name's unique key lets one commit; PostgreSQL runs
   * the other's transaction again, which then reads `taken`.
   */
  async confirm(tx: DomainStores, token: string): Promise<LinkOutcome> {
    const outcome = await this.inspect(tx, token);
    if (outcome.kind !== 'ready') return outcome;
    const { change } = outcome;
    if (!(await tx.emailChanges.end(change.id, 'confirmed', this.clock.now()))) return { kind: 'used' };
    await tx.accounts.changeLoginEmail(change.accountId, change.email);
    return { kind: 'confirmed', change };
  }

  /** Only the management account acts, on a member of its directory (a RAM user of it acts as it). */
  private async member(tx: DomainStores, caller: Account, accountId: string): Promise<Member> {
    const directory = await this.scope.managed(tx, caller, 'read');
    return memberIn(tx, directory, accountId);
  }

  private async pending(tx: DomainStores, accountId: string, now: Date): Promise<EmailChange> {
    const change = await tx.emailChanges.pending(accountId);
    if (!change || stateAt(change, now) !== 'pending') throw new ApiError('EntityNotExists.EmailModifyRecord');
    return change;
  }

  /** Counts against the member's daily quota, then queues the email. Last: a refusal here undoes the request. */
  private async send(tx: DomainStores, change: EmailChange, token: string, now: Date): Promise<void> {
    const day = this.dayKey(now);
    if (!(await tx.verification.takeDailyQuota(change.accountId, 'ChangeAccountEmail', day, this.settings.dailyLimit))) {
      throw new ApiError('LimitExceeded.Frequency');
    }
    const validitySeconds = Math.round((change.expiresAt.getTime() - now.getTime()) / 1000);
    await tx.outbox.enqueue(
      queuedMessage(
        { id: `msg-${timeOrderedId(this.random, now, 16)}`, accountId: change.accountId, code: token, validitySeconds, at: now },
        { channel: 'email', purpose: 'ChangeAccountEmail', email: change.email },
      ),
    );
  }

  private newToken(): string {
    return this.random.bytes(32).toString('base64url');
  }

  /** Looked up by this hash: without the server secret a token cannot be guessed from the store. */
  private hash(token: string): string {
    return createHmac('sha256', this.hashKey).update(`email-change|${token}`).digest('hex');
  }

  private expiry(now: Date): Date {
    return new Date(now.getTime() + this.settings.validitySeconds * 1000);
  }
}
