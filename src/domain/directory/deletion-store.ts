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

/** Deletion of resource accounts: checks, deletions under way, and their completion on the clock. */
export interface MemberDeletionStore {
  get(accountId: string): Promise<AccountDeletion | undefined>;
  /** Starts (or restarts) a deletion check; the caller has made sure no deletion is under way. */
  startCheck(accountId: string, directoryId: string, startedAt: Date, doneAt: Date): Promise<void>;
  /**
   * Moves a completed check (`Checking` with `checkDoneAt` <= `startedAt`) to `Deleting`, due at `dueAt`.
   * False, changing nothing, when there is no such check (also when a concurrent transaction started it).
   */
  start(accountId: string, startedAt: Date, dueAt: Date): Promise<boolean>;
  /**
   * Completes the directory's deletions due at `now`: each row goes from `Deleting` to `Success` by a
   * conditional UPDATE (one transaction wins, whichever reads first), and the winner drops the
   * membership, the tags, the AccessKeys and the account itself. Returns the account IDs it completed.
   */
  finishDue(directoryId: string, now: Date): Promise<string[]>;
}
