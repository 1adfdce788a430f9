import type { AccessKey, Account } from '../../domain/accounts/account.js';
import type { AccessKeyStore, AccountStore } from '../../domain/accounts/store.js';
import type { SecretBox } from '../secret-box.js';
import type { TxContext } from './transactor.js';
import { type AccessKeyRow, type AccountRow, toAccessKey, toAccount } from '../rows.js';

export class PgAccounts implements AccountStore {
  constructor(private readonly tx: TxContext) {}

  async insert(a: Account): Promise<void> {
    await this.tx.query(
      `INSERT INTO accounts (id, name, display_name, secure_phone, enterprise_verified, enterprise_name, site, profile_type, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [a.id, a.name, a.displayName, a.securePhone, a.enterpriseVerified, a.enterpriseName, a.site, a.profileType, a.createdAt.getTime()],
    );
  }

  async get(id: string): Promise<Account | undefined> {
    const { rows } = await this.tx.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
    return rows[0] && toAccount(rows[0]);
  }

  async findByName(name: string): Promise<Account | undefined> {
    const { rows } = await this.tx.query<AccountRow>('SELECT * FROM accounts WHERE name = $1', [name]);
    return rows[0] && toAccount(rows[0]);
  }

  async list(): Promise<Account[]> {
    // COLLATE "C": the byte order SQLite uses, whatever the database's collation.
    const { rows } = await this.tx.query<AccountRow>('SELECT * FROM accounts ORDER BY created_at, id COLLATE "C"');
    return rows.map(toAccount);
  }

  async bindSecurePhone(id: string, phone: string): Promise<boolean> {
    const { rowCount } = await this.tx.query('UPDATE accounts SET secure_phone = $2 WHERE id = $1 AND secure_phone IS NULL', [id, phone]);
    return rowCount === 1;
  }
}

export class PgAccessKeys implements AccessKeyStore {
  constructor(
    private readonly tx: TxContext,
    private readonly box: SecretBox,
  ) {}

  async insert(key: AccessKey): Promise<void> {
    await this.tx.query('INSERT INTO access_keys (id, account_id, secret_sealed, ram_user, created_at) VALUES ($1, $2, $3, $4, $5)', [
      key.id, key.accountId, this.box.seal(key.secret), key.ramUser, key.createdAt.getTime(),
    ]);
  }

  async get(id: string): Promise<AccessKey | undefined> {
    const { rows } = await this.tx.query<AccessKeyRow>('SELECT * FROM access_keys WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) return undefined;
    return toAccessKey(row, this.box);
  }
}
