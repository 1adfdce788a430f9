export type DeletionState = 'Checking' | 'Deleting' | 'Success';

/** The latest deletion check or deletion of a member account; it outlives the deleted account. */
export interface AccountDeletion {
  readonly accountId: string;
  readonly directoryId: string;
  readonly status: DeletionState;
  readonly checkStartedAt: Date;
  readonly checkDoneAt: Date;
  readonly deletionStartedAt: Date | null;
  readonly deletionDueAt: Date | null;
}

/**
 * The status GetAccountDeletionStatus and the 2022-04-19 member lists show at `now`: a deletion that
 * runs its own check (DeleteAccount without a completed one) reads Checking until the check is done.
 */
export function shownStatus(deletion: { readonly status: DeletionState; readonly checkDoneAt: Date }, now: Date): DeletionState {
  return deletion.status === 'Deleting' && now.getTime() < deletion.checkDoneAt.getTime() ? 'Checking' : deletion.status;
}

/** When a deletion's check runs and when the deletion completes. */
export interface DeletionSchedule {
  readonly checkStartedAt: Date;
  /** The check is complete from then on; the status reads `Checking` until then. */
  readonly checkDoneAt: Date;
  readonly startedAt: Date;
  readonly dueAt: Date;
}

/** Deletion of resource accounts: checks, deletions under way, and their completion on the clock. */
export interface MemberDeletionStore {
  get(accountId: string): Promise<AccountDeletion | undefined>;
  /** Starts (or restarts) a deletion check; the caller has made sure no deletion is under way. */
  startCheck(accountId: string, directoryId: string, startedAt: Date, doneAt: Date): Promise<void>;
  /**
   * Records a deletion (`Deleting`, due at `dueAt`) with the check it rests on: the account's check
   * (`Checking`) is replaced, and none is needed. False, changing nothing, when a deletion is already
   * under way (also one a concurrent transaction just started: the row decides).
   */
  start(accountId: string, directoryId: string, deletion: DeletionSchedule): Promise<boolean>;
  /**
   * Completes the directory's deletions due at `now`: each row goes from `Deleting` to `Success` by a
   * conditional UPDATE (one transaction wins, whichever reads first), and the winner drops the
   * membership, the tags, the AccessKeys and the account itself. Returns the account IDs it completed.
   */
  finishDue(directoryId: string, now: Date): Promise<string[]>;
  /** Completes the account's deletion the same way if it is due at `now`; true when it did. */
  finishDueOf(accountId: string, now: Date): Promise<boolean>;
}
