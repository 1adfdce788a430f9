import type { DirectoryStore } from '../../domain/directory/store.js';
import type { Folder, Membership, PolicyStatus, ResourceDirectory, Switch } from '../../domain/directory/resource-directory.js';
import type { Dialect } from './dialect.js';
import { INSERT_FOLDER, folderValues } from './folders.js';
import type { Soon } from '../../domain/store.js';
import { count, exists, mapSoon, type Row, type SqlSession, time, timeOrNull } from './session.js';

const MEMBERSHIP = 'SELECT * FROM members WHERE account_id = ?';

const toDirectory = (row: Row): ResourceDirectory => ({
  id: row.id,
  masterAccountId: row.master_account_id,
  rootFolderId: row.root_folder_id,
  createdAt: time(row.created_at),
  controlPolicyStatus: row.control_policy_status,
  controlPolicyChangedAt: timeOrNull(row.control_policy_changed_at),
  memberDeletionStatus: row.member_deletion_status,
  memberDisplayNameSyncStatus: row.display_name_sync_status,
});

export const toMembership = (row: Row): Membership => ({
  accountId: row.account_id,
  directoryId: row.directory_id,
  folderId: row.folder_id,
  role: row.role,
  type: row.type,
  joinMethod: row.join_method,
  status: row.status,
  joinedAt: time(row.joined_at),
  modifiedAt: time(row.modified_at),
});

const MEMBERSHIP_COLUMNS = 'account_id, directory_id, folder_id, role, type, join_method, status, joined_at, modified_at';
export const membershipValues = (m: Membership) => [
  m.accountId,
  m.directoryId,
  m.folderId,
  m.role,
  m.type,
  m.joinMethod,
  m.status,
  m.joinedAt.getTime(),
  m.modifiedAt.getTime(),
];

const INSERT_DIRECTORY = `INSERT INTO directories
  (id, master_account_id, root_folder_id, created_at, control_policy_status, member_deletion_status, display_name_sync_status)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;
const ADD_MEMBER = `INSERT INTO members (${MEMBERSHIP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** Children first; the folders go in one statement, so Root and its subfolders satisfy parent_id together. */
const REMOVE = [
  'DELETE FROM members WHERE directory_id = ?',
  'DELETE FROM folders WHERE directory_id = ?',
  'DELETE FROM directories WHERE id = ?',
];

export class SqlDirectories implements DirectoryStore {
  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
  ) {}

  async insert(rd: ResourceDirectory, root: Folder, master: Membership): Promise<void> {
    await this.s.run(INSERT_DIRECTORY, [
      rd.id,
      rd.masterAccountId,
      rd.rootFolderId,
      rd.createdAt.getTime(),
      rd.controlPolicyStatus,
      rd.memberDeletionStatus,
      rd.memberDisplayNameSyncStatus,
    ]);
    await this.insertFolder(root);
    await this.addMember(master);
  }

  async get(id: string): Promise<ResourceDirectory | undefined> {
    const row = await this.s.get('SELECT * FROM directories WHERE id = ?', [id]);
    return row && toDirectory(row);
  }

  async idTaken(id: string): Promise<boolean> {
    return exists(this.s, 'SELECT 1 AS found FROM directories WHERE id = ? UNION ALL SELECT 1 FROM folders WHERE id = ?', [id, id]);
  }

  async remove(id: string): Promise<void> {
    for (const sql of REMOVE) await this.s.run(sql, [id]);
  }

  async lock(directory: ResourceDirectory): Promise<ResourceDirectory | undefined> {
    // SQLite runs one transaction at a time: a copy read earlier in this one is still current.
    if (this.d.rowLock === null) return directory;
    const row = await this.s.get(`SELECT * FROM directories WHERE id = ? ${this.d.rowLock}`, [directory.id]);
    return row && toDirectory(row);
  }

  async setMemberDeletionStatus(id: string, status: Switch): Promise<void> {
    await this.s.run('UPDATE directories SET member_deletion_status = ? WHERE id = ?', [status, id]);
  }

  async setDisplayNameSyncStatus(id: string, status: Switch): Promise<void> {
    await this.s.run('UPDATE directories SET display_name_sync_status = ? WHERE id = ?', [status, id]);
  }

  async setControlPolicyStatus(id: string, status: PolicyStatus, changedAt: Date): Promise<void> {
    await this.s.run('UPDATE directories SET control_policy_status = ?, control_policy_changed_at = ? WHERE id = ?', [
      status,
      changedAt.getTime(),
      id,
    ]);
  }

  async membership(accountId: string): Promise<Membership | undefined> {
    const row = await this.s.get(MEMBERSHIP, [accountId]);
    return row && toMembership(row);
  }

  membershipSoon(accountId: string): Soon<Membership | undefined> {
    return mapSoon(this.s.soon(MEMBERSHIP, [accountId]), (answer) => answer.rows[0] && toMembership(answer.rows[0]));
  }

  async addMember(m: Membership): Promise<void> {
    await this.s.run(ADD_MEMBER, membershipValues(m));
  }

  async countMembers(directoryId: string): Promise<number> {
    return count(this.s, "SELECT COUNT(*) AS n FROM members WHERE directory_id = ? AND role = 'member'", [directoryId]);
  }

  async countFolders(directoryId: string): Promise<number> {
    return count(this.s, 'SELECT COUNT(*) AS n FROM folders WHERE directory_id = ? AND parent_id IS NOT NULL', [directoryId]);
  }

  async insertFolder(f: Folder): Promise<void> {
    await this.s.run(INSERT_FOLDER, folderValues(f));
  }
}
