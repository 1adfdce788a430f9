import type { AccessKey, Account } from './account.js';

export interface AccountStore {
  insert(account: Account): Promise<void>;
  get(id: string): Promise<Account | undefined>;
  findByName(name: string): Promise<Account | undefined>;
  list(): Promise<Account[]>;
  /**
   * Binds a secure phone to an account that has none, atomically (also against concurrent
   * transactions). False, changing nothing, when the account is unknown or already has a phone.
   */
  bindSecurePhone(id: string, phone: string): Promise<boolean>;
  /**
   * Makes `email` the account's login name and security email (a confirmed email change). False when
   * the account is unknown. The name's unique key refuses a name another account has taken meanwhile.
   */
  changeLoginEmail(id: string, email: string): Promise<boolean>;
}

export interface AccessKeyStore {
  insert(key: AccessKey): Promise<void>;
  get(id: string): Promise<AccessKey | undefined>;
  /**
   * The key a request is signed with, when its account's deletion is due (null when none is under
   * way), and its account (undefined when gone), read together in one statement: every signed
   * request asks, and a due deletion must end the key at once.
   */
  forSigning(
    id: string,
  ): Promise<{ readonly key: AccessKey; readonly deletionDueAt: Date | null; readonly account: Account | undefined } | undefined>;
  /** Keys of the account's root user (no RAM user): the "primary AccessKeys in use". */
  countRoot(accountId: string): Promise<number>;
  /** Deletes one key of the account; false when the account has no such key. */
  remove(accountId: string, id: string): Promise<boolean>;
}
