import type { AccessKey, Account } from './account.js';

export interface AccountStore {
  insert(account: Account): Promise<void>;
  get(id: string): Promise<Account | undefined>;
  findByName(name: string): Promise<Account | undefined>;
  list(): Promise<Account[]>;
}

export interface AccessKeyStore {
  insert(key: AccessKey): Promise<void>;
  get(id: string): Promise<AccessKey | undefined>;
}
