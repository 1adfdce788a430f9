import type { Tag } from '../tags/tag-store.js';

/** The states an invitation is stored in; `Expired` is also shown for a `Pending` one past its expiry. */
export type StoredHandshakeStatus = 'Pending' | 'Accepted' | 'Declined' | 'Cancelled' | 'Expired';
export type HandshakeStatus = StoredHandshakeStatus;
export type HandshakeTargetType = 'Account' | 'Email';

/** An invitation of an existing account into a resource directory (spec 6.2-6.7, 7). */
export interface Handshake {
  readonly id: string;
  readonly directoryId: string;
  readonly masterAccountId: string;
  readonly masterAccountName: string;
  /** What the inviter typed: the account ID or its login name. */
  readonly targetEntity: string;
  readonly targetType: HandshakeTargetType;
  /** The invited account, resolved at invitation time. */
  readonly targetAccountId: string;
  /** Where the invitee lands when it accepts (2022-04-19 ParentFolderId); null: Root. */
  readonly parentFolderId: string | null;
  readonly note: string;
  /** `Tag.N` of the invitation: the member's tags once the invitee accepts. */
  readonly tags: readonly Tag[];
  readonly status: StoredHandshakeStatus;
  readonly createdAt: Date;
  readonly modifiedAt: Date;
  readonly expiresAt: Date;
}

/** Whose invitations a list shows. */
export type HandshakeFilter =
  | { readonly directoryId: string }
  | { readonly masterAccountId: string }
  | { readonly targetAccountId: string };

export interface HandshakeStore {
  /**
   * Inserts a Pending invitation unless the directory already holds a Pending one for the same
   * account (a partial unique index decides, also across concurrent transactions). False if it did.
   */
  insert(handshake: Handshake): Promise<boolean>;
  get(id: string): Promise<Handshake | undefined>;
  /** Marks this directory's Pending invitations of the account that expired by `now` as Expired. */
  expirePending(directoryId: string, targetAccountId: string, now: Date): Promise<void>;
  /**
   * Moves a Pending, unexpired invitation to `status`: a conditional UPDATE whose row count decides,
   * so of two concurrent transitions exactly one succeeds. False when it was not Pending (any more).
   */
  transition(id: string, status: 'Accepted' | 'Declined' | 'Cancelled', now: Date): Promise<boolean>;
  /** Invitations of the directory created at or after `since` that were not accepted. */
  countSentSince(directoryId: string, since: Date): Promise<number>;
  /** Ordered by creation time, then ID. */
  list(filter: HandshakeFilter, offset: number, limit: number): Promise<Handshake[]>;
  count(filter: HandshakeFilter): Promise<number>;
}
