import { alnum, accountId, lowerAlnum, uniqueId, type Random } from '../random.js';
import type { Clock } from '../clock.js';
import type { DomainStores } from '../store.js';
import type { AccessKey, Account, Caller, ProfileType, Site } from './account.js';

export interface NewAccount {
  readonly name?: string;
  readonly displayName?: string;
  /** Already validated and normalised `<country code>-<number>`. */
  readonly securePhone?: string | null;
  readonly enterpriseVerified?: boolean;
  readonly enterpriseName?: string;
  readonly site: Site;
  readonly profileType?: ProfileType;
}

export class AccountNameTaken extends Error {
  constructor(readonly accountName: string) {
    super(`account name ${accountName} is already used`);
  }
}

export class AccountsService {
  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async create(tx: DomainStores, input: NewAccount): Promise<Account> {
    const id = await uniqueId(
      () => accountId(this.random),
      async (candidate) => !!(await tx.accounts.get(candidate)),
    );
    const displayName = input.displayName?.trim() || undefined;
    // A given name must be free; a generated one is drawn again when taken (six characters collide
    // now and then among the thousands of accounts a busy emulator makes).
    const taken = async (candidate: string) => !!(await tx.accounts.findByName(candidate));
    const name = input.name ?? (await uniqueId(() => `${slug(displayName) || 'user'}-${lowerAlnum(this.random, 6)}@canopy.test`, taken));
    if (input.name !== undefined && (await taken(name))) throw new AccountNameTaken(name);
    const account: Account = {
      id,
      name,
      displayName: displayName ?? name.split('@')[0]!,
      securePhone: input.securePhone ?? null,
      secureEmail: null,
      enterpriseVerified: input.enterpriseVerified ?? true,
      enterpriseName: input.enterpriseName ?? (input.enterpriseVerified === false ? '' : `${displayName ?? name.split('@')[0]} Co., Ltd.`),
      site: input.site,
      profileType: input.profileType ?? 'standard',
      createdAt: this.clock.now(),
    };
    await tx.accounts.insert(account);
    return account;
  }

  /**
   * Who a signed request names: the AccessKey and its account as the caller, or undefined when either
   * is gone. A member whose deletion has fallen due on the domain clock is deleted right here, by the
   * deletion store's one completion (as any read of its directory would), so its keys stop working
   * at the due time whatever request comes first. Keep the writes when refusing: they are that deletion.
   */
  async signer(tx: DomainStores, accessKeyId: string): Promise<{ key: AccessKey; caller: Caller } | undefined> {
    const found = await tx.accessKeys.forSigning(accessKeyId);
    if (!found) return undefined;
    const { key, deletionDueAt } = found;
    // Only a deletion that looks due is finished here (atomically, so one of concurrent requests does it).
    const now = this.clock.now();
    if (deletionDueAt && deletionDueAt <= now && (await tx.deletions.finishDueOf(key.accountId, now))) return undefined;
    // Read with the key when no deletion is under way; else again, after the attempt to finish it.
    // Missing when a concurrent request completed the account's deletion after the key was read.
    const account = deletionDueAt === null ? found.account : await tx.accounts.get(key.accountId);
    return account && { key, caller: Object.assign({}, account, { ramUser: key.ramUser }) };
  }

  /**
   * Alibaba's shapes: `LTAI` + 20 characters for the ID, 30 for the secret. `ramUser`: the key of that
   * RAM user of the account; null (the default) for the account's own root key.
   */
  async createAccessKey(tx: DomainStores, accountIdValue: string, ramUser: string | null = null): Promise<AccessKey> {
    const id = await uniqueId(
      () => `LTAI${alnum(this.random, 20)}`,
      async (candidate) => !!(await tx.accessKeys.get(candidate)),
    );
    const key: AccessKey = { id, accountId: accountIdValue, secret: alnum(this.random, 30), ramUser, createdAt: this.clock.now() };
    await tx.accessKeys.insert(key);
    return key;
  }
}

function slug(value: string | undefined): string {
  return (value ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
}
