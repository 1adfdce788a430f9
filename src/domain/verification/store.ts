/** Codes that travel by SMS. */
export type SmsPurpose = 'EnableRD' | 'BindSecureMobilePhone' | 'MessageContactPhone';
/** What a verification code is for; a message contact's email address is confirmed with a code by email. */
export type CodePurpose = SmsPurpose | 'MessageContactEmail';
/** What a daily quota counts: the sends of a code purpose, or the confirmation emails of email changes. */
export type QuotaPurpose = CodePurpose | 'ChangeAccountEmail';

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

/** The fixed windows a phone's sends are counted in (production-mode protections). */
export type PhoneWindow = 'minute' | 'hour' | 'day';

export interface VerificationStore {
  /**
   * Counts one send against the (account, purpose, day) quota if it is below `limit`, atomically.
   * Returns false, counting nothing, when the quota is used up.
   */
  takeDailyQuota(accountId: string, purpose: QuotaPurpose, day: string, limit: number): Promise<boolean>;
  /** Stores a new code, replacing any earlier one for the same (account, purpose, phone). */
  putCode(code: StoredCode): Promise<void>;
  getCode(accountId: string, purpose: CodePurpose, phone: string): Promise<StoredCode | undefined>;
  /**
   * Who holds a live (unexpired, unused) code of this purpose sent to `phone` (a phone or email
   * address): what a confirmation page that knows only the address and the code looks up.
   */
  liveHolders(purpose: CodePurpose, phone: string, now: Date): Promise<string[]>;
  /** True when the account has a live (unexpired, unused) code for this purpose to another phone. */
  hasLiveCodeForOtherPhone(accountId: string, purpose: CodePurpose, phone: string, now: Date): Promise<boolean>;
  /**
   * Counts one check against the code if it is live at `now` (unused, unexpired) and has tries left,
   * atomically, so that concurrent guesses on several instances still get at most `maxTries` checks
   * and none once another has used the code. False when it takes none.
   */
  takeTry(codeId: string, maxTries: number, now: Date): Promise<boolean>;
  /**
   * Reserves one wrong try in the (account, phone) budget that spans resends, atomically, before a
   * code is compared: a window of `windowMs` that starts at the first try counted in it holds at most
   * `limit`, and one that has passed starts again at `now`. False, reserving nothing, when the window
   * is full. One conditional statement: concurrent checks on any number of instances never reserve
   * more than `limit`. A reservation the transaction keeps is a wrong try; `returnWrongTry` gives it back.
   */
  takeWrongTry(accountId: string, phone: string, now: Date, windowMs: number, limit: number): Promise<boolean>;
  /** Gives back the try this transaction reserved with `takeWrongTry` (the guess was right). */
  returnWrongTry(accountId: string, phone: string): Promise<void>;
  /** Marks the code used if nobody has; false when another request got there first. */
  consume(codeId: string, at: Date): Promise<boolean>;

  // Production-mode protections (phone-guard.ts). Rows are keyed by the window's start, in epoch ms.
  /**
   * Counts one send to `phone` in the window of kind `window` that starts at `start`, if fewer than
   * `limit` are counted there, atomically (the same conditional upsert as the daily quota). Returns
   * false, counting nothing, when the window is full.
   */
  takePhoneWindow(phone: string, window: PhoneWindow, start: Date, limit: number): Promise<boolean>;
  /** Sends counted for a country calling code in the hour buckets that start in [from, to). */
  countrySends(countryCode: string, from: Date, to: Date): Promise<number>;
  /**
   * Counts one send for a country calling code in the hour bucket that starts at `hour`, if fewer
   * than `limit` are counted there, atomically. False, counting nothing, when the bucket is full.
   */
  takeCountrySend(countryCode: string, hour: Date, limit: number): Promise<boolean>;
  /**
   * Deletes phone windows, country hour buckets and wrong-try windows that start before `before`, at
   * most `limit` rows in all (the oldest of each table first, table after table); returns how many.
   * The retention job repeats it while it answers `limit`, one transaction each.
   */
  pruneSendCounters(before: Date, limit: number): Promise<number>;
}
