import type { Database, Statement } from 'better-sqlite3';
import type { AccountDeletion, Member, MemberFilter, MemberStore, Tag } from '../../domain/directory/member-store.js';
import type { Membership, Switch } from '../../domain/directory/resource-directory.js';
import { type DeletionRow, groupTags, toDeletion, MEMBER_ORDER, MEMBER_SELECT, memberWhere, type MemberViewRow, type TagRow, toMember } from '../member-rows.js';

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

  async deletion(accountId: string): Promise<AccountDeletion | undefined> {
    const row = this.db.prepare<[string], DeletionRow>('SELECT * FROM account_deletions WHERE account_id = ?').get(accountId);
    return row && toDeletion(row);
  }

  async startDeletionCheck(accountId: string, directoryId: string, startedAt: Date, doneAt: Date): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO account_deletions (account_id, directory_id, status, check_started_at, check_done_at) VALUES (?, ?, 'Checking', ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET directory_id = excluded.directory_id, status = 'Checking',
           check_started_at = excluded.check_started_at, check_done_at = excluded.check_done_at, deletion_started_at = NULL, deletion_due_at = NULL`,
      )
      .run(accountId, directoryId, startedAt.getTime(), doneAt.getTime());
  }

  async startDeletion(accountId: string, startedAt: Date, dueAt: Date): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        `UPDATE account_deletions SET status = 'Deleting', deletion_started_at = ?, deletion_due_at = ?
         WHERE account_id = ? AND status = 'Checking' AND check_done_at <= ?`,
      )
      .run(startedAt.getTime(), dueAt.getTime(), accountId, startedAt.getTime());
    return changes === 1;
  }

  async finishDeletions(directoryId: string, now: Date): Promise<string[]> {
    const due = this.db
      .prepare<[string, number], string>("SELECT account_id FROM account_deletions WHERE directory_id = ? AND status = 'Deleting' AND deletion_due_at <= ? ORDER BY account_id")
      .pluck()
      .all(directoryId, now.getTime());
    const done: string[] = [];
    for (const accountId of due) {
      const { changes } = this.db.prepare("UPDATE account_deletions SET status = 'Success' WHERE account_id = ? AND status = 'Deleting'").run(accountId);
      if (changes !== 1) continue;
      for (const sql of DROP_ACCOUNT) this.db.prepare(sql).run(accountId);
      done.push(accountId);
    }
    return done;
  }
}

/** What goes with a deleted member account, children first. */
const DROP_ACCOUNT = [
  'DELETE FROM account_tags WHERE account_id = ?',
  'DELETE FROM members WHERE account_id = ?',
  'DELETE FROM access_keys WHERE account_id = ?',
  'DELETE FROM accounts WHERE id = ?',
];
