import type { FolderStore } from '../../domain/directory/folder-store.js';
import type { Folder } from '../../domain/directory/resource-directory.js';
import { type Dialect, perDialect } from './dialect.js';
import { count, exists, type Row, type SqlSession, time } from './session.js';

const toFolder = (row: Row): Folder => ({
  id: row.id,
  directoryId: row.directory_id,
  name: row.name,
  parentId: row.parent_id,
  createdAt: time(row.created_at),
});

export const INSERT_FOLDER = 'INSERT INTO folders (id, directory_id, name, parent_id, created_at) VALUES (?, ?, ?, ?, ?)';
export const folderValues = (f: Folder) => [f.id, f.directoryId, f.name, f.parentId, f.createdAt.getTime()];

/** Direct children whose name holds the keyword, case-insensitive and literally (`%` and `_` included). */
const CHILDREN = perDialect((d) => `FROM folders WHERE parent_id = ? AND (? = '' OR ${d.position('lower(name)', 'lower(?)')} > 0)`);
const LIST = perDialect((d) => `SELECT * ${CHILDREN(d)} ORDER BY created_at, ${d.insertionOrder} LIMIT ? OFFSET ?`);
const COUNT = perDialect((d) => `SELECT COUNT(*) AS n ${CHILDREN(d)}`);

/** Ancestors of a folder, Root first, without the folder itself. The depth bound only guards against a cycle. */
const ANCESTORS = `
  WITH RECURSIVE chain (id, parent_id, depth) AS (
    SELECT id, parent_id, 0 FROM folders WHERE id = ?
    UNION ALL
    SELECT f.id, f.parent_id, c.depth + 1 FROM folders f JOIN chain c ON f.id = c.parent_id WHERE c.depth < 64
  )
  SELECT f.* FROM chain c JOIN folders f ON f.id = c.id WHERE c.depth > 0 ORDER BY c.depth DESC`;

export class SqlFolders implements FolderStore {
  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
  ) {}

  async get(id: string): Promise<Folder | undefined> {
    const row = await this.s.get('SELECT * FROM folders WHERE id = ?', [id]);
    return row && toFolder(row);
  }

  async insert(f: Folder): Promise<boolean> {
    if (f.parentId === null) throw new Error('Root folders are created with their directory');
    // A concurrent insert of the same name (PostgreSQL) waits for the other transaction, then does nothing.
    const sql = `${INSERT_FOLDER} ON CONFLICT (parent_id, name) WHERE parent_id IS NOT NULL DO NOTHING`;
    return (await this.s.run(sql, folderValues(f))) === 1;
  }

  async listChildren(parentId: string, keyword: string, offset: number, limit: number): Promise<Folder[]> {
    return (await this.s.all(LIST(this.d), [parentId, keyword, keyword, limit, offset])).map(toFolder);
  }

  async countChildren(parentId: string, keyword: string): Promise<number> {
    return count(this.s, COUNT(this.d), [parentId, keyword, keyword]);
  }

  async nameTaken(parentId: string, name: string, exceptId = ''): Promise<boolean> {
    return exists(this.s, 'SELECT 1 AS found FROM folders WHERE parent_id = ? AND name = ? AND id <> ?', [parentId, name, exceptId]);
  }

  async rename(id: string, name: string): Promise<void> {
    await this.s.run('UPDATE folders SET name = ? WHERE id = ?', [name, id]);
  }

  async remove(id: string): Promise<void> {
    await this.s.run('DELETE FROM folders WHERE id = ? AND parent_id IS NOT NULL', [id]);
  }

  async ancestors(id: string): Promise<Folder[]> {
    return (await this.s.all(ANCESTORS, [id])).map(toFolder);
  }

  async countAccounts(folderId: string): Promise<number> {
    return count(this.s, 'SELECT COUNT(*) AS n FROM members WHERE folder_id = ?', [folderId]);
  }
}
