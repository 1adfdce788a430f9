import type { AccessKey, Account } from '../../domain/accounts/account.js';
import type { AccessKeyStore, AccountStore } from '../../domain/accounts/store.js';
import type { SecretBox } from '../secret-box.js';
import { type Dialect, perDialect } from './dialect.js';
import { count, type Row, type SqlSession, time, timeOrNull } from './session.js';

const toAccount = (row: Row): Account => ({
  id: row.id,
  name: row.name,
  displayName: row.display_name,
  securePhone: row.secure_phone,
  secureEmail: row.secure_email,
  enterpriseVerified: row.enterprise_verified === true || row.enterprise_verified === 1,
  enterpriseName: row.enterprise_name,
  site: row.site,
  profileType: row.profile_type,
  createdAt: time(row.created_at),
});

const INSERT = `INSERT INTO accounts (id, name, display_name, secure_phone, secure_email, enterprise_verified, enterprise_name, site, profile_type, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
// The account's columns prefixed with `a_`, so that they do not shadow the key's own.
const ACCOUNT_COLUMNS = [
  'id',
  'name',
  'display_name',
  'secure_phone',
  'secure_email',
  'enterprise_verified',
  'enterprise_name',
  'site',
  'profile_type',
  'created_at',
];
const FOR_SIGNING = `SELECT k.*, d.deletion_due_at, ${ACCOUNT_COLUMNS.map((c) => `a.${c} AS a_${c}`).join(', ')} FROM access_keys k
  LEFT JOIN account_deletions d ON d.account_id = k.account_id AND d.status = 'Deleting'
  LEFT JOIN accounts a ON a.id = k.account_id WHERE k.id = ?`;
const accountOfSigning = (row: Row): Account | undefined =>
  row.a_id === null ? undefined : toAccount(Object.fromEntries(ACCOUNT_COLUMNS.map((c) => [c, row[`a_${c}`]])));
const LIST = perDialect((d) => `SELECT * FROM accounts ORDER BY created_at, ${d.bytewise('id')}`);

export class SqlAccounts implements AccountStore {
  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
  ) {}

  async insert(a: Account): Promise<void> {
    // Flags travel as 0/1, which both engines take (PostgreSQL reads '1' as a true BOOLEAN).
    const values = [
      a.id,
      a.name,
      a.displayName,
      a.securePhone,
      a.secureEmail,
      a.enterpriseVerified ? 1 : 0,
      a.enterpriseName,
      a.site,
      a.profileType,
      a.createdAt.getTime(),
    ];
    await this.s.run(INSERT, values);
  }

  async get(id: string): Promise<Account | undefined> {
    const row = await this.s.get('SELECT * FROM accounts WHERE id = ?', [id]);
    return row && toAccount(row);
  }

  async findByName(name: string): Promise<Account | undefined> {
    const row = await this.s.get('SELECT * FROM accounts WHERE name = ?', [name]);
    return row && toAccount(row);
  }

  async list(): Promise<Account[]> {
    return (await this.s.all(LIST(this.d))).map(toAccount);
  }

  async bindSecurePhone(id: string, phone: string): Promise<boolean> {
    return (await this.s.run('UPDATE accounts SET secure_phone = ? WHERE id = ? AND secure_phone IS NULL', [phone, id])) === 1;
  }

  async changeLoginEmail(id: string, email: string): Promise<boolean> {
    return (await this.s.run('UPDATE accounts SET name = ?, secure_email = ? WHERE id = ?', [email, email, id])) === 1;
  }
}

/** AccessKey secrets are sealed on the way in and opened on the way out; the plain secret is never stored. */
export class SqlAccessKeys implements AccessKeyStore {
  constructor(
    private readonly s: SqlSession,
    private readonly box: SecretBox,
  ) {}

  async insert(key: AccessKey): Promise<void> {
    await this.s.run('INSERT INTO access_keys (id, account_id, secret_sealed, ram_user, created_at) VALUES (?, ?, ?, ?, ?)', [
      key.id,
      key.accountId,
      this.box.seal(key.secret),
      key.ramUser,
      key.createdAt.getTime(),
    ]);
  }

  async get(id: string): Promise<AccessKey | undefined> {
    const row = await this.s.get('SELECT * FROM access_keys WHERE id = ?', [id]);
    return row && this.toKey(row);
  }

  async forSigning(id: string): Promise<{ key: AccessKey; deletionDueAt: Date | null; account: Account | undefined } | undefined> {
    const row = await this.s.get(FOR_SIGNING, [id]);
    return row && { key: this.toKey(row), deletionDueAt: timeOrNull(row.deletion_due_at), account: accountOfSigning(row) };
  }

  private toKey(row: Row): AccessKey {
    return {
      id: row.id,
      accountId: row.account_id,
      secret: this.box.open(row.secret_sealed),
      ramUser: row.ram_user,
      createdAt: time(row.created_at),
    };
  }

  async countRoot(accountId: string): Promise<number> {
    return count(this.s, 'SELECT COUNT(*) AS n FROM access_keys WHERE account_id = ? AND ram_user IS NULL', [accountId]);
  }

  async remove(accountId: string, id: string): Promise<boolean> {
    return (await this.s.run('DELETE FROM access_keys WHERE id = ? AND account_id = ?', [id, accountId])) === 1;
  }
}
