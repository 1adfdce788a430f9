import type { DelegatedAdministrator, DelegationStore, TrustedServiceEnablement } from '../../domain/delegation/delegation-store.js';
import type { Dialect } from './dialect.js';
import { count, type Row, type SqlSession, time } from './session.js';

const toRegistration = (row: Row): DelegatedAdministrator => ({
  directoryId: row.directory_id,
  accountId: row.account_id,
  servicePrincipal: row.service_principal,
  registeredAt: time(row.registered_at),
});

const toEnablement = (row: Row): TrustedServiceEnablement => ({
  directoryId: row.directory_id,
  accountId: row.account_id,
  servicePrincipal: row.service_principal,
  enabledAt: time(row.enabled_at),
});

const REGISTER = `INSERT INTO delegated_administrators (service_principal, account_id, directory_id, registered_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (service_principal, account_id) DO NOTHING`;
const ENABLE = `INSERT INTO trusted_service_enablements (account_id, service_principal, directory_id, enabled_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (account_id, service_principal) DO NOTHING`;

export class SqlDelegations implements DelegationStore {
  /** Oldest first; insertion order breaks ties between rows of one millisecond. */
  private readonly order: string;
  private readonly insertionOrder: string;

  constructor(
    private readonly s: SqlSession,
    d: Dialect,
  ) {
    this.order = `ORDER BY registered_at, ${d.insertionOrder}`;
    this.insertionOrder = d.insertionOrder;
  }

  async register(r: DelegatedAdministrator): Promise<boolean> {
    return (await this.s.run(REGISTER, [r.servicePrincipal, r.accountId, r.directoryId, r.registeredAt.getTime()])) === 1;
  }

  async deregister(accountId: string, servicePrincipal: string): Promise<boolean> {
    const sql = 'DELETE FROM delegated_administrators WHERE service_principal = ? AND account_id = ?';
    return (await this.s.run(sql, [servicePrincipal, accountId])) === 1;
  }

  count(directoryId: string, servicePrincipal?: string): Promise<number> {
    if (servicePrincipal === undefined) {
      return count(this.s, 'SELECT COUNT(*) AS n FROM delegated_administrators WHERE directory_id = ?', [directoryId]);
    }
    const sql = 'SELECT COUNT(*) AS n FROM delegated_administrators WHERE directory_id = ? AND service_principal = ?';
    return count(this.s, sql, [directoryId, servicePrincipal]);
  }

  async list(directoryId: string, servicePrincipal: string | undefined, offset: number, limit: number): Promise<DelegatedAdministrator[]> {
    const rows =
      servicePrincipal === undefined
        ? await this.s.all(`SELECT * FROM delegated_administrators WHERE directory_id = ? ${this.order} LIMIT ? OFFSET ?`, [
            directoryId,
            limit,
            offset,
          ])
        : await this.s.all(
            `SELECT * FROM delegated_administrators WHERE directory_id = ? AND service_principal = ? ${this.order} LIMIT ? OFFSET ?`,
            [directoryId, servicePrincipal, limit, offset],
          );
    return rows.map(toRegistration);
  }

  async servicesOf(accountId: string): Promise<DelegatedAdministrator[]> {
    return (await this.s.all(`SELECT * FROM delegated_administrators WHERE account_id = ? ${this.order}`, [accountId])).map(toRegistration);
  }

  async enable(e: TrustedServiceEnablement): Promise<boolean> {
    return (await this.s.run(ENABLE, [e.accountId, e.servicePrincipal, e.directoryId, e.enabledAt.getTime()])) === 1;
  }

  async disable(accountId: string, servicePrincipal: string): Promise<boolean> {
    const sql = 'DELETE FROM trusted_service_enablements WHERE account_id = ? AND service_principal = ?';
    return (await this.s.run(sql, [accountId, servicePrincipal])) === 1;
  }

  countEnabled(accountId: string): Promise<number> {
    return count(this.s, 'SELECT COUNT(*) AS n FROM trusted_service_enablements WHERE account_id = ?', [accountId]);
  }

  async enabled(accountId: string, offset: number, limit: number): Promise<TrustedServiceEnablement[]> {
    const sql = `SELECT * FROM trusted_service_enablements WHERE account_id = ? ORDER BY enabled_at, ${this.insertionOrder} LIMIT ? OFFSET ?`;
    return (await this.s.all(sql, [accountId, limit, offset])).map(toEnablement);
  }

  async clear(directoryId: string): Promise<void> {
    await this.s.run('DELETE FROM delegated_administrators WHERE directory_id = ?', [directoryId]);
    await this.s.run('DELETE FROM trusted_service_enablements WHERE directory_id = ?', [directoryId]);
  }
}
