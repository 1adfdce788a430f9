import type { FolderStore } from '../../domain/directory/folder-store.js';
import type { Folder } from '../../domain/directory/resource-directory.js';
import { ANCESTORS_SQL, type FolderRow, toFolder } from '../folder-rows.js';
import type { TxContext } from './transactor.js';

// strpos(lower(...)) rather than LIKE: the keyword is matched literally, `%` and `_` included.
const KEYWORD = "($2 = '' OR strpos(lower(name), lower($2)) > 0)";

export class PgFolders implements FolderStore {
  constructor(private readonly tx: TxContext) {}

  async get(id: string): Promise<Folder | undefined> {
    const { rows } = await this.tx.query<FolderRow>('SELECT * FROM folders WHERE id = $1', [id]);
    return rows[0] && toFolder(rows[0]);
  }

  async insert(f: Folder): Promise<boolean> {
    if (f.parentId === null) throw new Error('Root folders are created with their directory');
    // A concurrent insert of the same name waits for the other transaction and then does nothing.
    const { rowCount } = await this.tx.query(
      `INSERT INTO folders (id, directory_id, name, parent_id, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (parent_id, name) WHERE parent_id IS NOT NULL DO NOTHING`,
      [f.id, f.directoryId, f.name, f.parentId, f.createdAt.getTime()],
    );
    return rowCount === 1;
  }

  async listChildren(parentId: string, keyword: string, offset: number, limit: number): Promise<Folder[]> {
    const { rows } = await this.tx.query<FolderRow>(
      `SELECT * FROM folders WHERE parent_id = $1 AND ${KEYWORD} ORDER BY created_at, id LIMIT $3 OFFSET $4`,
      [parentId, keyword, limit, offset],
    );
    return rows.map(toFolder);
  }

  async countChildren(parentId: string, keyword: string): Promise<number> {
    const { rows } = await this.tx.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM folders WHERE parent_id = $1 AND ${KEYWORD}`, [
      parentId,
      keyword,
    ]);
    return rows[0]!.n;
  }

  async nameTaken(parentId: string, name: string, exceptId = ''): Promise<boolean> {
    const { rows } = await this.tx.query<{ taken: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM folders WHERE parent_id = $1 AND name = $2 AND id <> $3) AS taken',
      [parentId, name, exceptId],
    );
    return rows[0]!.taken;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.tx.query('UPDATE folders SET name = $2 WHERE id = $1', [id, name]);
  }

  async remove(id: string): Promise<void> {
    await this.tx.query('DELETE FROM folders WHERE id = $1 AND parent_id IS NOT NULL', [id]);
  }

  async ancestors(id: string): Promise<Folder[]> {
    const { rows } = await this.tx.query<FolderRow>(ANCESTORS_SQL('$1'), [id]);
    return rows.map(toFolder);
  }

  async countAccounts(folderId: string): Promise<number> {
    const { rows } = await this.tx.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM members WHERE folder_id = $1', [folderId]);
    return rows[0]!.n;
  }

  async lockDirectory(directoryId: string): Promise<void> {
    // NO KEY UPDATE: folder writers of one directory queue here, while inserts that only reference
    // the directory (its foreign keys take KEY SHARE) go on.
    await this.tx.query('SELECT 1 FROM directories WHERE id = $1 FOR NO KEY UPDATE', [directoryId]);
  }
}
