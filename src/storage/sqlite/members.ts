import type { Database, Statement } from 'better-sqlite3';
import type { Member, MemberFilter, MemberStore, Tag } from '../../domain/directory/member-store.js';
import type { Membership, Switch } from '../../domain/directory/resource-directory.js';
import { groupTags, MEMBER_ORDER, MEMBER_SELECT, memberWhere, type MemberViewRow, type TagRow, toMember } from '../member-rows.js';

const position = (haystack: string, needle: string) => `instr(${haystack}, ${needle})`;

export class SqliteMembers implements MemberStore {
  private readonly getStmt: Statement<[string], MemberViewRow>;
  private readonly insertStmt: Statement;
  private readonly insertTag: Statement;
  private readonly takenStmt: Statement<[string, string, string], number>;
  private readonly renameStmt: Statement;
  private readonly moveStmt: Statement;
  private readonly removeStmts: Statement<[string]>[];
  private readonly deletionStmt: Statement;

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare(`${MEMBER_SELECT} WHERE m.account_id = ?`);
    this.insertStmt = db.prepare(
      `INSERT INTO members (account_id, directory_id, folder_id, role, type, join_method, status, joined_at, modified_at, display_name)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (directory_id, display_name) WHERE display_name IS NOT NULL DO NOTHING`,
    );
    this.insertTag = db.prepare('INSERT INTO account_tags (account_id, key, value) VALUES (?, ?, ?)');
    this.takenStmt = db
      .prepare<[string, string, string], number>(
        `SELECT EXISTS (SELECT 1 FROM members m JOIN accounts a ON a.id = m.account_id
         WHERE m.directory_id = ? AND COALESCE(m.display_name, a.display_name) = ? AND m.account_id <> ?)`,
      )
      .pluck();
    this.renameStmt = db.prepare('UPDATE members SET display_name = ?, modified_at = ? WHERE account_id = ?');
    this.moveStmt = db.prepare('UPDATE members SET folder_id = ?, modified_at = ? WHERE account_id = ?');
    this.removeStmts = [db.prepare('DELETE FROM account_tags WHERE account_id = ?'), db.prepare('DELETE FROM members WHERE account_id = ?')];
    this.deletionStmt = db.prepare('UPDATE directories SET member_deletion_status = ? WHERE id = ?');
  }

  async get(accountId: string): Promise<Member | undefined> {
    const row = this.getStmt.get(accountId);
    return row && toMember(row);
  }

  async insert(m: Membership, displayName: string, tags: readonly Tag[]): Promise<boolean> {
    const { changes } = this.insertStmt.run(
      m.accountId, m.directoryId, m.folderId, m.role, m.type, m.joinMethod, m.status, m.joinedAt.getTime(), m.modifiedAt.getTime(), displayName,
    );
    if (changes !== 1) return false;
    for (const tag of tags) this.insertTag.run(m.accountId, tag.key, tag.value);
    return true;
  }

  async list(directoryId: string, filter: MemberFilter, offset: number, limit: number): Promise<Member[]> {
    const { where, params } = memberWhere(directoryId, filter, () => '?', position);
    const rows = this.db.prepare<unknown[], MemberViewRow>(`${MEMBER_SELECT} WHERE ${where} ${MEMBER_ORDER} LIMIT ? OFFSET ?`).all(...params, limit, offset);
    return rows.map(toMember);
  }

  async count(directoryId: string, filter: MemberFilter): Promise<number> {
    const { where, params } = memberWhere(directoryId, filter, () => '?', position);
    return this.db
      .prepare<unknown[], number>(`SELECT COUNT(*) FROM members m JOIN accounts a ON a.id = m.account_id WHERE ${where}`)
      .pluck()
      .get(...params)!;
  }

  async tags(accountIds: readonly string[]): Promise<Map<string, Tag[]>> {
    if (accountIds.length === 0) return new Map();
    const rows = this.db
      .prepare<unknown[], TagRow>(`SELECT * FROM account_tags WHERE account_id IN (${accountIds.map(() => '?').join(', ')}) ORDER BY account_id, key`)
      .all(...accountIds);
    return groupTags(rows);
  }

  async displayNameTaken(directoryId: string, displayName: string, exceptAccountId = ''): Promise<boolean> {
    return this.takenStmt.get(directoryId, displayName, exceptAccountId) === 1;
  }

  async rename(accountId: string, displayName: string, modifiedAt: Date): Promise<void> {
    this.renameStmt.run(displayName, modifiedAt.getTime(), accountId);
  }

  async move(accountId: string, folderId: string, modifiedAt: Date): Promise<void> {
    this.moveStmt.run(folderId, modifiedAt.getTime(), accountId);
  }

  async remove(accountId: string): Promise<void> {
    for (const statement of this.removeStmts) statement.run(accountId);
  }

  async setMemberDeletionStatus(directoryId: string, status: Switch): Promise<void> {
    this.deletionStmt.run(status, directoryId);
  }
}
