import type { Folder } from '../domain/directory/resource-directory.js';

/** A `folders` row, the same in both engines (times as integer milliseconds). */
export interface FolderRow {
  id: string;
  directory_id: string;
  name: string;
  parent_id: string | null;
  created_at: number;
}

export const toFolder = (row: FolderRow): Folder => ({
  id: row.id,
  directoryId: row.directory_id,
  name: row.name,
  parentId: row.parent_id,
  createdAt: new Date(row.created_at),
});

/**
 * Ancestors of `?`/`$1`, Root first, without the folder itself. The depth bound only guards against
 * a cycle that the service never creates.
 */
export const ANCESTORS_SQL = (param: string) => `
  WITH RECURSIVE chain (id, parent_id, depth) AS (
    SELECT id, parent_id, 0 FROM folders WHERE id = ${param}
    UNION ALL
    SELECT f.id, f.parent_id, c.depth + 1 FROM folders f JOIN chain c ON f.id = c.parent_id WHERE c.depth < 64
  )
  SELECT f.* FROM chain c JOIN folders f ON f.id = c.id WHERE c.depth > 0 ORDER BY c.depth DESC`;
