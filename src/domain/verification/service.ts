import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../../errors/api-error.js';
import type { Clock } from '../clock.js';
import { digits, type Random, timeOrderedId } from '../random.js';
import { queuedMessage } from '../messages/message.js';
import type { DomainStores } from '../store.js';
import { PhoneGuard, PROTECTIONS_OFF, type ProtectionSettings } from './phone-guard.js';
import { dayKeyFormatter } from './quota-day.js';
import type { CodePurpose, StoredCode } from './store.js';

export interface VerificationSettings {
  /** How long a code stays valid. */
  readonly codeTtlSeconds: number;
  /** Sends per account and purpose per calendar day (documented: 100). */
  readonly dailyLimit: number;
  /** Time zone whose midnight starts a new quota day. */
  readonly quotaTimeZone: string;
  /** Wrong tries that burn one code. */
  readonly maxTriesPerCode: number;
  /** Wrong tries per (account, phone) in the hour that starts at the first of them, across resends. */
  readonly maxWrongTriesPerHour: number;
}

export interface CodeRequest {
  /** Whose daily quota the send counts against, and whose outbox message it is. */
  readonly accountId: string;
  readonly purpose: CodePurpose;
  /** Where the code goes: canonical `<country code>-<number>`, or an email address (MessageContactEmail). */
  readonly phone: string;
  /**
   * Whom the code is for, when not `accountId` itself: a message contact, so that two contacts of
   * one directory with the same address hold a code each. Codes and wrong tries are kept per holder.
   */
  readonly holder?: string;
}

const HOUR_MS = 3_600_000;

/**
 * Verification codes for every purpose: 6 digits from a CSPRNG, stored only as an HMAC keyed with
 * the server secret, compared in constant time, single use across instances.
 */
export class VerificationService {
  private readonly dayKey: (at: Date) => string;
  private readonly guard: PhoneGuard;

  /** `protections`: the production-mode protections (src/config/protections.ts); off when omitted. */
  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly settings: VerificationSettings,
    private readonly hashKey: Buffer,
    protections: ProtectionSettings = PROTECTIONS_OFF,
  ) {
    this.dayKey = dayKeyFormatter(settings.quotaTimeZone);
    this.guard = new PhoneGuard(protections, settings.quotaTimeZone);
  }

  /**
   * Passes the production-mode protections (when on), counts against the daily quota, stores the
   * code and queues its SMS. Call after every other check: a refusal here rolls back the request's
   * writes, so no counter keeps a send that did not happen.
   */
  async send(tx: DomainStores, request: CodeRequest): Promise<{ expiresAt: Date }> {
    const now = this.clock.now();
    const byEmail = request.purpose === 'MessageContactEmail';
    if (this.guard.enabled && !byEmail) await this.guard.admit(tx, request.phone, now);
    const allowed = await tx.verification.takeDailyQuota(request.accountId, request.purpose, this.dayKey(now), this.settings.dailyLimit);
    if (!allowed) throw new ApiError('SendValidateCodeExceedsLimitForAccount');
    const code = digits(this.random, 6);
    const expiresAt = new Date(now.getTime() + this.settings.codeTtlSeconds * 1000);
    const id = `vc-${timeOrderedId(this.random, now, 16)}`;
    await tx.verification.putCode({
      id,
      accountId: holderOf(request),
      purpose: request.purpose,
      phone: request.phone,
      codeHash: this.hash(request, code),
      createdAt: now,
      expiresAt,
      attempts: 0,
      consumedAt: null,
    });
    const fields = {
      id: `msg-${timeOrderedId(this.random, now, 16)}`,
      accountId: request.accountId,
      code,
      validitySeconds: this.settings.codeTtlSeconds,
      at: now,
    };
    await tx.outbox.enqueue(
      queuedMessage(
        fields,
        request.purpose === 'MessageContactEmail'
          ? { channel: 'email', purpose: request.purpose, email: request.phone }
          : { channel: 'sms', purpose: request.purpose, phone: request.phone },
      ),
    );
    return { expiresAt };
  }

  /**
   * Checks a code. Before the comparison each check reserves a wrong try of the (holder, phone)
   * hourly budget and takes one of the code's tries, each by one conditional statement, so parallel
   * guesses on any number of instances get no more checks than the budget and the code allow. A wrong
   * code keeps both, even though the request fails (the error keeps its writes); a right one gives the
   * reservation back. With `consume`, a right code is used up atomically; without it (DryRun) it stays
   * valid. `otherPhoneError`: the answer when the account's live code went to another phone (the
   * enable flow names the phone).
   */
  async verify(
    tx: DomainStores,
    request: CodeRequest,
    code: string,
    consume: boolean,
    otherPhoneError:
      | 'InvalidParameter.ManagementAccountSecurityInfo'
      | 'Invalid.VerificationCode' = 'InvalidParameter.ManagementAccountSecurityInfo',
  ): Promise<void> {
    const now = this.clock.now();
    const holder = holderOf(request);
    const stored = await tx.verification.getCode(holder, request.purpose, request.phone);
    if (!stored) {
      const otherPhone = await tx.verification.hasLiveCodeForOtherPhone(holder, request.purpose, request.phone, now);
      throw new ApiError(otherPhone ? otherPhoneError : 'Invalid.VerificationCode');
    }
    // The read may be stale (another instance may be checking this code now); the two statements
    // below decide, and a refusal from either rolls back what the other took.
    if (!isLive(stored, now, this.settings.maxTriesPerCode)) throw new ApiError('Invalid.VerificationCode');
    const { maxWrongTriesPerHour, maxTriesPerCode } = this.settings;
    if (!(await tx.verification.takeWrongTry(holder, request.phone, now, HOUR_MS, maxWrongTriesPerHour))) {
      throw new ApiError('Invalid.VerificationCode');
    }
    if (!(await tx.verification.takeTry(stored.id, maxTriesPerCode, now))) throw new ApiError('Invalid.VerificationCode');
    if (!this.matches(stored, request, code)) throw new ApiError('Invalid.VerificationCode', { keepWrites: true });
    await tx.verification.returnWrongTry(holder, request.phone);
    if (consume && !(await tx.verification.consume(stored.id, now))) throw new ApiError('Invalid.VerificationCode');
  }

  /** Deletes up to `limit` protection counters that no check reads any more; for a periodic job. */
  pruneSendCounters(tx: DomainStores, limit: number): Promise<number> {
    return this.guard.prune(tx, this.clock.now(), limit);
  }

  private hash(request: CodeRequest, code: string): string {
    return createHmac('sha256', this.hashKey)
      .update(`${request.purpose}|${holderOf(request)}|${request.phone}|${code}`)
      .digest('hex');
  }

  private matches(stored: StoredCode, request: CodeRequest, code: string): boolean {
    const expected = Buffer.from(stored.codeHash, 'hex');
    const actual = Buffer.from(this.hash(request, code), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}

const holderOf = (request: CodeRequest) => request.holder ?? request.accountId;

function isLive(code: StoredCode, now: Date, maxTries: number): boolean {
  return code.consumedAt === null && code.expiresAt.getTime() > now.getTime() && code.attempts < maxTries;
}
