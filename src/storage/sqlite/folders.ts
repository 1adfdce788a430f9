import type { Database, Statement } from 'better-sqlite3';
import type { FolderStore } from '../../domain/directory/folder-store.js';
import type { Folder } from '../../domain/directory/resource-directory.js';
import { ANCESTORS_SQL, type FolderRow, toFolder } from '../folder-rows.js';

// instr(lower(...)) rather than LIKE: the keyword is matched literally, `%` and `_` included.
const KEYWORD = "(? = '' OR instr(lower(name), lower(?)) > 0)";

export class SqliteFolders implements FolderStore {
  private readonly getStmt: Statement<[string], FolderRow>;
  private readonly insertStmt: Statement;
  private readonly listStmt: Statement<[string, string, string, number, number], FolderRow>;
  private readonly countStmt: Statement<[string, string, string], number>;
  private readonly nameTakenStmt: Statement<[string, string, string], number>;
  private readonly renameStmt: Statement<[string, string]>;
  private readonly removeStmt: Statement<[string]>;
  private readonly ancestorsStmt: Statement<[string], FolderRow>;
  private readonly countAccountsStmt: Statement<[string], number>;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT * FROM folders WHERE id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO folders (id, directory_id, name, parent_id, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (parent_id, name) WHERE parent_id IS NOT NULL DO NOTHING`,
    );
    this.listStmt = db.prepare(`SELECT * FROM folders WHERE parent_id = ? AND ${KEYWORD} ORDER BY created_at, id LIMIT ? OFFSET ?`);
    this.countStmt = db.prepare<[string, string, string], number>(`SELECT COUNT(*) FROM folders WHERE parent_id = ? AND ${KEYWORD}`).pluck();
    this.nameTakenStmt = db
      .prepare<[string, string, string], number>('SELECT EXISTS (SELECT 1 FROM folders WHERE parent_id = ? AND name = ? AND id <> ?)')
      .pluck();
    this.renameStmt = db.prepare('UPDATE folders SET name = ? WHERE id = ?');
    this.removeStmt = db.prepare('DELETE FROM folders WHERE id = ? AND parent_id IS NOT NULL');
    this.ancestorsStmt = db.prepare(ANCESTORS_SQL('?'));
    this.countAccountsStmt = db.prepare<[string], number>('SELECT COUNT(*) FROM members WHERE folder_id = ?').pluck();
  }

  async get(id: string): Promise<Folder | undefined> {
    const row = this.getStmt.get(id);
    return row && toFolder(row);
  }

  async insert(f: Folder): Promise<boolean> {
    if (f.parentId === null) throw new Error('Root folders are created with their directory');
    return this.insertStmt.run(f.id, f.directoryId, f.name, f.parentId, f.createdAt.getTime()).changes === 1;
  }

  async listChildren(parentId: string, keyword: string, offset: number, limit: number): Promise<Folder[]> {
    return this.listStmt.all(parentId, keyword, keyword, limit, offset).map(toFolder);
  }

  async countChildren(parentId: string, keyword: string): Promise<number> {
    return this.countStmt.get(parentId, keyword, keyword)!;
  }

  async nameTaken(parentId: string, name: string, exceptId = ''): Promise<boolean> {
    return this.nameTakenStmt.get(parentId, name, exceptId) === 1;
  }

  async rename(id: string, name: string): Promise<void> {
    this.renameStmt.run(name, id);
  }

  async remove(id: string): Promise<void> {
    this.removeStmt.run(id);
  }

  async ancestors(id: string): Promise<Folder[]> {
    return this.ancestorsStmt.all(id).map(toFolder);
  }

  async countAccounts(folderId: string): Promise<number> {
    return this.countAccountsStmt.get(folderId)!;
  }

  async lockDirectory(): Promise<void> {
    // Transactions on one SQLite database run one after another: nothing to lock.
  }
}
