import type { Folder, Membership, ResourceDirectory } from '../../domain/directory/resource-directory.js';
import type { DirectoryStore } from '../../domain/directory/store.js';
import type { TxContext } from './transactor.js';
import { type DirectoryRow, type MemberRow, toDirectory, toMembership } from '../rows.js';

export class PgDirectories implements DirectoryStore {
  constructor(private readonly tx: TxContext) {}

  async insert(d: ResourceDirectory, root: Folder, master: Membership): Promise<void> {
    await this.tx.query(
      `INSERT INTO directories (id, master_account_id, root_folder_id, created_at, control_policy_status, member_deletion_status, display_name_sync_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [d.id, d.masterAccountId, d.rootFolderId, d.createdAt.getTime(), d.controlPolicyStatus, d.memberDeletionStatus, d.memberDisplayNameSyncStatus],
    );
    await this.insertFolder(root);
    await this.addMember(master);
  }

  async get(id: string): Promise<ResourceDirectory | undefined> {
    const { rows } = await this.tx.query<DirectoryRow>('SELECT * FROM directories WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) return undefined;
    return toDirectory(row);
  }

  async idTaken(id: string): Promise<boolean> {
    const { rows } = await this.tx.query<{ taken: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM directories WHERE id = $1) OR EXISTS (SELECT 1 FROM folders WHERE id = $1) AS taken',
      [id],
    );
    return rows[0]!.taken;
  }

  async remove(id: string): Promise<void> {
    // Children first; the folders go in one statement, so Root and its subfolders satisfy parent_id together.
    await this.tx.query('DELETE FROM members WHERE directory_id = $1', [id]);
    await this.tx.query('DELETE FROM folders WHERE directory_id = $1', [id]);
    await this.tx.query('DELETE FROM directories WHERE id = $1', [id]);
  }

  async membership(accountId: string): Promise<Membership | undefined> {
    const { rows } = await this.tx.query<MemberRow>('SELECT * FROM members WHERE account_id = $1', [accountId]);
    const row = rows[0];
    if (!row) return undefined;
    return toMembership(row);
  }

  async addMember(m: Membership): Promise<void> {
    await this.tx.query(
      `INSERT INTO members (account_id, directory_id, folder_id, role, type, join_method, status, joined_at, modified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [m.accountId, m.directoryId, m.folderId, m.role, m.type, m.joinMethod, m.status, m.joinedAt.getTime(), m.modifiedAt.getTime()],
    );
  }

  async countMembers(directoryId: string): Promise<number> {
    const { rows } = await this.tx.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM members WHERE directory_id = $1 AND role = 'member'", [directoryId]);
    return rows[0]!.n;
  }

  async countFolders(directoryId: string): Promise<number> {
    const { rows } = await this.tx.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM folders WHERE directory_id = $1 AND parent_id IS NOT NULL', [directoryId]);
    return rows[0]!.n;
  }

  async insertFolder(f: Folder): Promise<void> {
    await this.tx.query('INSERT INTO folders (id, directory_id, name, parent_id, created_at) VALUES ($1, $2, $3, $4, $5)', [
      f.id, f.directoryId, f.name, f.parentId, f.createdAt.getTime(),
    ]);
  }
}
