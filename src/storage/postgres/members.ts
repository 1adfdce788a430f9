import type { AccountDeletion, Member, MemberFilter, MemberStore, Tag } from '../../domain/directory/member-store.js';
import type { Membership, Switch } from '../../domain/directory/resource-directory.js';
import { type DeletionRow, groupTags, toDeletion, MEMBER_ORDER, MEMBER_SELECT, memberWhere, type MemberViewRow, type TagRow, toMember } from '../member-rows.js';
import type { TxContext } from './transactor.js';

const position = (haystack: string, needle: string) => `strpos(${haystack}, ${needle})`;
const placeholder = (n: number) => `$${n}`;

export class PgMembers implements MemberStore {
  constructor(private readonly tx: TxContext) {}

  async get(accountId: string): Promise<Member | undefined> {
    const { rows } = await this.tx.query<MemberViewRow>(`${MEMBER_SELECT} WHERE m.account_id = $1`, [accountId]);
    return rows[0] && toMember(rows[0]);
  }

  async insert(m: Membership, displayName: string, tags: readonly Tag[]): Promise<boolean> {
    // A concurrent insert of the same display name waits for the other transaction, then does nothing.
    const { rowCount } = await this.tx.query(
      `INSERT INTO members (account_id, directory_id, folder_id, role, type, join_method, status, joined_at, modified_at, display_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (directory_id, display_name) WHERE display_name IS NOT NULL DO NOTHING`,
      [m.accountId, m.directoryId, m.folderId, m.role, m.type, m.joinMethod, m.status, m.joinedAt.getTime(), m.modifiedAt.getTime(), displayName],
    );
    if (rowCount !== 1) return false;
    for (const tag of tags) {
      await this.tx.query('INSERT INTO account_tags (account_id, key, value) VALUES ($1, $2, $3)', [m.accountId, tag.key, tag.value]);
    }
    return true;
  }

  async list(directoryId: string, filter: MemberFilter, offset: number, limit: number): Promise<Member[]> {
    const { where, params } = memberWhere(directoryId, filter, placeholder, position);
    const n = params.length;
    const { rows } = await this.tx.query<MemberViewRow>(`${MEMBER_SELECT} WHERE ${where} ${MEMBER_ORDER} LIMIT $${n + 1} OFFSET $${n + 2}`, [
      ...params,
      limit,
      offset,
    ]);
    return rows.map(toMember);
  }

  async count(directoryId: string, filter: MemberFilter): Promise<number> {
    const { where, params } = memberWhere(directoryId, filter, placeholder, position);
    const { rows } = await this.tx.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM members m JOIN accounts a ON a.id = m.account_id WHERE ${where}`, params);
    return rows[0]!.n;
  }

  async tags(accountIds: readonly string[]): Promise<Map<string, Tag[]>> {
    if (accountIds.length === 0) return new Map();
    const { rows } = await this.tx.query<TagRow>('SELECT * FROM account_tags WHERE account_id = ANY($1) ORDER BY account_id, key', [[...accountIds]]);
    return groupTags(rows);
  }

  async displayNameTaken(directoryId: string, displayName: string, exceptAccountId = ''): Promise<boolean> {
    const { rows } = await this.tx.query<{ taken: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM members m JOIN accounts a ON a.id = m.account_id
       WHERE m.directory_id = $1 AND COALESCE(m.display_name, a.display_name) = $2 AND m.account_id <> $3) AS taken`,
      [directoryId, displayName, exceptAccountId],
    );
    return rows[0]!.taken;
  }

  async rename(accountId: string, displayName: string, modifiedAt: Date): Promise<void> {
    await this.tx.query('UPDATE members SET display_name = $2, modified_at = $3 WHERE account_id = $1', [accountId, displayName, modifiedAt.getTime()]);
  }

  async move(accountId: string, folderId: string, modifiedAt: Date): Promise<void> {
    await this.tx.query('UPDATE members SET folder_id = $2, modified_at = $3 WHERE account_id = $1', [accountId, folderId, modifiedAt.getTime()]);
  }

  async remove(accountId: string): Promise<void> {
    await this.tx.query('DELETE FROM account_tags WHERE account_id = $1', [accountId]);
    await this.tx.query('DELETE FROM members WHERE account_id = $1', [accountId]);
  }

  async setMemberDeletionStatus(directoryId: string, status: Switch): Promise<void> {
    await this.tx.query('UPDATE directories SET member_deletion_status = $2 WHERE id = $1', [directoryId, status]);
  }

  async deletion(accountId: string): Promise<AccountDeletion | undefined> {
    const { rows } = await this.tx.query<DeletionRow>('SELECT * FROM account_deletions WHERE account_id = $1', [accountId]);
    return rows[0] && toDeletion(rows[0]);
  }

  async startDeletionCheck(accountId: string, directoryId: string, startedAt: Date, doneAt: Date): Promise<void> {
    await this.tx.query(
      `INSERT INTO account_deletions (account_id, directory_id, status, check_started_at, check_done_at) VALUES ($1, $2, 'Checking', $3, $4)
       ON CONFLICT (account_id) DO UPDATE SET directory_id = excluded.directory_id, status = 'Checking',
         check_started_at = excluded.check_started_at, check_done_at = excluded.check_done_at, deletion_started_at = NULL, deletion_due_at = NULL`,
      [accountId, directoryId, startedAt.getTime(), doneAt.getTime()],
    );
  }

  async startDeletion(accountId: string, startedAt: Date, dueAt: Date): Promise<boolean> {
    // A concurrent start waits for the row lock, then finds the status changed and updates nothing.
    const { rowCount } = await this.tx.query(
      `UPDATE account_deletions SET status = 'Deleting', deletion_started_at = $2, deletion_due_at = $3
       WHERE account_id = $1 AND status = 'Checking' AND check_done_at <= $2`,
      [accountId, startedAt.getTime(), dueAt.getTime()],
    );
    return rowCount === 1;
  }

  async finishDeletions(directoryId: string, now: Date): Promise<string[]> {
    const { rows } = await this.tx.query<{ account_id: string }>(
      "SELECT account_id FROM account_deletions WHERE directory_id = $1 AND status = 'Deleting' AND deletion_due_at <= $2 ORDER BY account_id",
      [directoryId, now.getTime()],
    );
    const done: string[] = [];
    for (const { account_id: accountId } of rows) {
      // Whoever updates first wins; a concurrent finisher waits for the row lock, then matches nothing.
      const { rowCount } = await this.tx.query("UPDATE account_deletions SET status = 'Success' WHERE account_id = $1 AND status = 'Deleting'", [accountId]);
      if (rowCount !== 1) continue;
      await this.tx.query('DELETE FROM account_tags WHERE account_id = $1', [accountId]);
      await this.tx.query('DELETE FROM members WHERE account_id = $1', [accountId]);
      await this.tx.query('DELETE FROM access_keys WHERE account_id = $1', [accountId]);
      await this.tx.query('DELETE FROM accounts WHERE id = $1', [accountId]);
      done.push(accountId);
    }
    return done;
  }
}
