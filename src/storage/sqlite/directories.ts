import type { Database, Statement } from 'better-sqlite3';
import type { Folder, Membership, ResourceDirectory } from '../../domain/directory/resource-directory.js';
import type { DirectoryStore } from '../../domain/directory/store.js';
import { type DirectoryRow, type MemberRow, toDirectory, toMembership } from '../rows.js';

export class SqliteDirectories implements DirectoryStore {
  private readonly insertDirectory: Statement;
  private readonly insertFolderStmt: Statement;
  private readonly insertMember: Statement;
  private readonly getStmt: Statement<[string], DirectoryRow>;
  private readonly idTakenStmt: Statement<[string, string], number>;
  private readonly membershipStmt: Statement<[string], MemberRow>;
  private readonly countMembersStmt: Statement<[string], number>;
  private readonly countFoldersStmt: Statement<[string], number>;
  private readonly removeStmts: Statement<[string]>[];

  constructor(db: Database) {
    this.insertDirectory = db.prepare(
      `INSERT INTO directories (id, master_account_id, root_folder_id, created_at, control_policy_status, member_deletion_status, display_name_sync_status)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertFolderStmt = db.prepare('INSERT INTO folders (id, directory_id, name, parent_id, created_at) VALUES (?, ?, ?, ?, ?)');
    this.insertMember = db.prepare(
      `INSERT INTO members (account_id, directory_id, folder_id, role, type, join_method, status, joined_at, modified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getStmt = db.prepare('SELECT * FROM directories WHERE id = ?');
    this.idTakenStmt = db
      .prepare<[string, string], number>('SELECT EXISTS (SELECT 1 FROM directories WHERE id = ?) OR EXISTS (SELECT 1 FROM folders WHERE id = ?)')
      .pluck();
    this.membershipStmt = db.prepare('SELECT * FROM members WHERE account_id = ?');
    this.countMembersStmt = db.prepare<[string], number>("SELECT COUNT(*) FROM members WHERE directory_id = ? AND role = 'member'").pluck();
    this.countFoldersStmt = db.prepare<[string], number>('SELECT COUNT(*) FROM folders WHERE directory_id = ? AND parent_id IS NOT NULL').pluck();
    this.removeStmts = [
      db.prepare('DELETE FROM members WHERE directory_id = ?'),
      db.prepare('DELETE FROM folders WHERE directory_id = ?'),
      db.prepare('DELETE FROM directories WHERE id = ?'),
    ];
  }

  async insert(d: ResourceDirectory, root: Folder, master: Membership): Promise<void> {
    this.insertDirectory.run(
      d.id, d.masterAccountId, d.rootFolderId, d.createdAt.getTime(),
      d.controlPolicyStatus, d.memberDeletionStatus, d.memberDisplayNameSyncStatus,
    );
    await this.insertFolder(root);
    await this.addMember(master);
  }

  async get(id: string): Promise<ResourceDirectory | undefined> {
    const row = this.getStmt.get(id);
    if (!row) return undefined;
    return toDirectory(row);
  }

  async idTaken(id: string): Promise<boolean> {
    return this.idTakenStmt.get(id, id) === 1;
  }

  async remove(id: string): Promise<void> {
    for (const statement of this.removeStmts) statement.run(id);
  }

  async membership(accountId: string): Promise<Membership | undefined> {
    const row = this.membershipStmt.get(accountId);
    if (!row) return undefined;
    return toMembership(row);
  }

  async addMember(m: Membership): Promise<void> {
    this.insertMember.run(
      m.accountId, m.directoryId, m.folderId, m.role, m.type, m.joinMethod, m.status, m.joinedAt.getTime(), m.modifiedAt.getTime(),
    );
  }

  async countMembers(directoryId: string): Promise<number> {
    return this.countMembersStmt.get(directoryId)!;
  }

  async countFolders(directoryId: string): Promise<number> {
    return this.countFoldersStmt.get(directoryId)!;
  }

  async insertFolder(f: Folder): Promise<void> {
    this.insertFolderStmt.run(f.id, f.directoryId, f.name, f.parentId, f.createdAt.getTime());
  }
}
