/**
 * Where a change of a member's login email stands. `pending` until the link sent to the new address
 * is confirmed, the change is cancelled, or it expires; a pending change whose time is up reads
 * `expired` (see `stateAt`) before any write records it so.
 */
export type EmailChangeState = 'pending' | 'confirmed' | 'cancelled' | 'expired';

export interface EmailChange {
  readonly id: string;
  readonly accountId: string;
  /** The new login email, lower-case. */
  readonly email: string;
  /** As stored: a pending change past `expiresAt` is still `pending` here until a write ends it. */
  readonly state: EmailChangeState;
  /** HMAC-SHA256 of the token of the latest email, keyed with the server secret; never the token. */
  readonly tokenHash: string;
  readonly createdAt: Date;
  /** When the latest confirmation email was queued (ChangeAccountEmail or RetryChangeAccountEmail). */
  readonly sentAt: Date;
  /** The latest email's link works until then. */
  readonly expiresAt: Date;
  /** When it was confirmed, cancelled or recorded as expired. */
  readonly endedAt: Date | null;
}

/** The state a change is in at `now`: a pending one whose time is up has expired. */
export function stateAt(change: EmailChange, now: Date): EmailChangeState {
  return change.state === 'pending' && change.expiresAt.getTime() <= now.getTime() ? 'expired' : change.state;
}

/** Email changes of member accounts: at most one pending per account, found again by its token's hash. */
export interface EmailChangeStore {
  /**
   * Adds a pending change unless the account already has one (stored as pending, expired or not:
   * call `expireDue` first). The SQL unique index decides, also between concurrent transactions on
   * several instances. False, adding nothing, when the account has one.
   */
  insertPending(change: EmailChange): Promise<boolean>;
  /** Records the account's pending change as expired when its time is up at `now`. */
  expireDue(accountId: string, now: Date): Promise<void>;
  /** The account's change stored as pending (it may have expired: see `stateAt`). */
  pending(accountId: string): Promise<EmailChange | undefined>;
  /** The account's most recent change, whatever its state. */
  latest(accountId: string): Promise<EmailChange | undefined>;
  findByTokenHash(tokenHash: string): Promise<EmailChange | undefined>;
  /**
   * A new token for a change that is still pending and unexpired at `sentAt`: the old one stops
   * working. False, changing nothing, when the change is no longer pending.
   */
  renew(id: string, tokenHash: string, sentAt: Date, expiresAt: Date): Promise<boolean>;
  /**
   * Ends a change that is pending and unexpired at `at`, by a conditional update: of concurrent
   * confirmations and cancellations exactly one wins. False for the others.
   */
  end(id: string, state: 'confirmed' | 'cancelled', at: Date): Promise<boolean>;
}
