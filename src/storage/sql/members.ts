import type { Member, MemberFilter, MemberStore } from '../../domain/directory/member-store.js';
import type { Membership } from '../../domain/directory/resource-directory.js';
import type { Dialect } from './dialect.js';
import { membershipValues, toMembership } from './directories.js';
import { count, exists, type Row, type SqlSession, time } from './session.js';

const toMember = (row: Row): Member => ({
  membership: toMembership(row),
  accountName: row.account_name,
  displayName: row.shown_name,
  ...(row.deletion_status === 'Deleting'
    ? { deletion: { status: row.deletion_status, checkDoneAt: time(row.deletion_check_done_at) } }
    : {}),
});

const FROM = 'FROM members m JOIN accounts a ON a.id = m.account_id';
/** With the member's deletion under way, if any (a finished one has taken the member with it). */
const SELECT = `SELECT m.*, a.name AS account_name, COALESCE(m.display_name, a.display_name) AS shown_name,
    d.status AS deletion_status, d.check_done_at AS deletion_check_done_at
  ${FROM} LEFT JOIN account_deletions d ON d.account_id = m.account_id AND d.status = 'Deleting'`;
const INSERT = `INSERT INTO members (account_id, directory_id, folder_id, role, type, join_method, status, joined_at, modified_at, display_name)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (directory_id, display_name) WHERE display_name IS NOT NULL DO NOTHING`;

/**
 * The WHERE clause of a member listing and its parameters, in text order. The keyword is matched
 * literally (`%` and `_` included). The text varies only with which filters are present, so the
 * engines' statement caches see a handful of distinct statements.
 */
function where(d: Dialect, directoryId: string, filter: MemberFilter): { sql: string; params: unknown[] } {
  const clauses = ['m.directory_id = ?'];
  const params: unknown[] = [directoryId];
  if (filter.folderId !== undefined) {
    clauses.push('m.folder_id = ?');
    params.push(filter.folderId);
  }
  if (filter.keyword) {
    clauses.push(`${d.position('lower(COALESCE(m.display_name, a.display_name))', 'lower(?)')} > 0`);
    params.push(filter.keyword);
  }
  for (const tag of filter.tags) {
    const value = tag.value === undefined ? '' : ' AND t.value = ?';
    clauses.push(
      `EXISTS (SELECT 1 FROM resource_tags t WHERE t.resource_type = 'Account' AND t.resource_id = m.account_id AND t.key = ?${value})`,
    );
    params.push(tag.key, ...(tag.value === undefined ? [] : [tag.value]));
  }
  return { sql: clauses.join(' AND '), params };
}

export class SqlMembers implements MemberStore {
  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
  ) {}

  async get(accountId: string): Promise<Member | undefined> {
    const row = await this.s.get(`${SELECT} WHERE m.account_id = ?`, [accountId]);
    return row && toMember(row);
  }

  async insert(m: Membership, displayName: string): Promise<boolean> {
    // A concurrent insert of the same display name (PostgreSQL) waits for the other transaction, then does nothing.
    return (await this.s.run(INSERT, [...membershipValues(m), displayName])) === 1;
  }

  async list(directoryId: string, filter: MemberFilter, offset: number, limit: number): Promise<Member[]> {
    const { sql, params } = where(this.d, directoryId, filter);
    const rows = await this.s.all(`${SELECT} WHERE ${sql} ORDER BY m.joined_at, m.${this.d.insertionOrder} LIMIT ? OFFSET ?`, [
      ...params,
      limit,
      offset,
    ]);
    return rows.map(toMember);
  }

  async count(directoryId: string, filter: MemberFilter): Promise<number> {
    const { sql, params } = where(this.d, directoryId, filter);
    return count(this.s, `SELECT COUNT(*) AS n ${FROM} WHERE ${sql}`, params);
  }

  async displayNameTaken(directoryId: string, displayName: string, exceptAccountId = ''): Promise<boolean> {
    const sql = `SELECT 1 AS found ${FROM} WHERE m.directory_id = ? AND COALESCE(m.display_name, a.display_name) = ? AND m.account_id <> ?`;
    return exists(this.s, sql, [directoryId, displayName, exceptAccountId]);
  }

  async rename(accountId: string, displayName: string, modifiedAt: Date): Promise<void> {
    await this.s.run('UPDATE members SET display_name = ?, modified_at = ? WHERE account_id = ?', [
      displayName,
      modifiedAt.getTime(),
      accountId,
    ]);
  }

  async move(accountId: string, folderId: string, modifiedAt: Date): Promise<void> {
    await this.s.run('UPDATE members SET folder_id = ?, modified_at = ? WHERE account_id = ?', [folderId, modifiedAt.getTime(), accountId]);
  }

  async switchType(accountId: string, type: Membership['type'], status: string, modifiedAt: Date): Promise<void> {
    await this.s.run('UPDATE members SET type = ?, status = ?, modified_at = ? WHERE account_id = ?', [
      type,
      status,
      modifiedAt.getTime(),
      accountId,
    ]);
  }

  async payer(accountId: string): Promise<string | null> {
    return (await this.s.get('SELECT payer_account_id FROM members WHERE account_id = ?', [accountId]))?.payer_account_id ?? null;
  }

  async setPayer(accountId: string, payerAccountId: string | null): Promise<void> {
    await this.s.run('UPDATE members SET payer_account_id = ? WHERE account_id = ?', [payerAccountId, accountId]);
  }

  async remove(accountId: string): Promise<void> {
    await this.s.run("DELETE FROM resource_tags WHERE resource_type = 'Account' AND resource_id = ?", [accountId]);
    await this.s.run('DELETE FROM message_contact_members WHERE member_id = ?', [accountId]);
    await this.s.run('DELETE FROM delegated_administrators WHERE account_id = ?', [accountId]);
    await this.s.run('DELETE FROM trusted_service_enablements WHERE account_id = ?', [accountId]);
    await this.s.run('DELETE FROM members WHERE account_id = ?', [accountId]);
  }
}
