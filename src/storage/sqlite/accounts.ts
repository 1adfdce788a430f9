import type { Database, Statement } from 'better-sqlite3';
import type { AccessKey, Account } from '../../domain/accounts/account.js';
import type { AccessKeyStore, AccountStore } from '../../domain/accounts/store.js';
import type { SecretBox } from '../secret-box.js';
import { type AccessKeyRow, type AccountRow, toAccessKey, toAccount } from '../rows.js';

export class SqliteAccounts implements AccountStore {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement<[string], AccountRow>;
  private readonly byNameStmt: Statement<[string], AccountRow>;
  private readonly listStmt: Statement<[], AccountRow>;
  private readonly bindPhoneStmt: Statement<[string, string]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO accounts (id, name, display_name, secure_phone, enterprise_verified, enterprise_name, site, profile_type, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getStmt = db.prepare('SELECT * FROM accounts WHERE id = ?');
    this.byNameStmt = db.prepare('SELECT * FROM accounts WHERE name = ?');
    this.listStmt = db.prepare('SELECT * FROM accounts ORDER BY created_at, id');
    this.bindPhoneStmt = db.prepare('UPDATE accounts SET secure_phone = ? WHERE id = ? AND secure_phone IS NULL');
  }

  async insert(a: Account): Promise<void> {
    this.insertStmt.run(a.id, a.name, a.displayName, a.securePhone, a.enterpriseVerified ? 1 : 0, a.enterpriseName, a.site, a.profileType, a.createdAt.getTime());
  }

  async get(id: string): Promise<Account | undefined> {
    const row = this.getStmt.get(id);
    return row && toAccount(row);
  }

  async findByName(name: string): Promise<Account | undefined> {
    const row = this.byNameStmt.get(name);
    return row && toAccount(row);
  }

  async list(): Promise<Account[]> {
    return this.listStmt.all().map(toAccount);
  }

  async bindSecurePhone(id: string, phone: string): Promise<boolean> {
    return this.bindPhoneStmt.run(phone, id).changes === 1;
  }
}

export class SqliteAccessKeys implements AccessKeyStore {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement<[string], AccessKeyRow>;

  constructor(
    db: Database,
    private readonly box: SecretBox,
  ) {
    this.insertStmt = db.prepare('INSERT INTO access_keys (id, account_id, secret_sealed, ram_user, created_at) VALUES (?, ?, ?, ?, ?)');
    this.getStmt = db.prepare('SELECT * FROM access_keys WHERE id = ?');
  }

  async insert(key: AccessKey): Promise<void> {
    this.insertStmt.run(key.id, key.accountId, this.box.seal(key.secret), key.ramUser, key.createdAt.getTime());
  }

  async get(id: string): Promise<AccessKey | undefined> {
    const row = this.getStmt.get(id);
    if (!row) return undefined;
    return toAccessKey(row, this.box);
  }
}
