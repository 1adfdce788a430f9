export type CodePurpose = 'EnableRD' | 'BindSecureMobilePhone';

/** A verification code as stored: never the code itself, only its keyed hash. */
export interface StoredCode {
  readonly id: string;
  readonly accountId: string;
  readonly purpose: CodePurpose;
  readonly phone: string;
  readonly codeHash: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly attempts: number;
  readonly consumedAt: Date | null;
}

export interface VerificationStore {
  /**
   * Counts one send against the (account, purpose, day) quota if it is below `limit`, atomically.
   * Returns false, counting nothing, when the quota is used up.
   */
  takeDailyQuota(accountId: string, purpose: CodePurpose, day: string, limit: number): Promise<boolean>;
  /** Stores a new code, replacing any earlier one for the same (account, purpose, phone). */
  putCode(code: StoredCode): Promise<void>;
  getCode(accountId: string, purpose: CodePurpose, phone: string): Promise<StoredCode | undefined>;
  /** True when the account has a live (unexpired, unused) code for this purpose to another phone. */
  hasLiveCodeForOtherPhone(accountId: string, purpose: CodePurpose, phone: string, now: Date): Promise<boolean>;
  /**
   * Counts one check against the code if it has tries left, atomically, so that concurrent guesses
   * on several instances still get at most `maxTries` checks. False when none are left.
   */
  takeTry(codeId: string, maxTries: number): Promise<boolean>;
  /** Adds a wrong try to the (account, phone) failure log that spans resends. */
  recordWrongTry(accountId: string, phone: string, at: Date): Promise<void>;
  countWrongTriesSince(accountId: string, phone: string, since: Date): Promise<number>;
  /** Marks the code used if nobody has; false when another request got there first. */
  consume(codeId: string, at: Date): Promise<boolean>;
}
