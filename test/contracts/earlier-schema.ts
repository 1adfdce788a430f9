import type { Database } from 'better-sqlite3';
import type pg from 'pg';
import { migrations } from '../../src/storage/migrations/index.js';
import { postgresDialect, sqliteDialect } from '../../src/storage/sql/dialect.js';
import { openDatabase } from '../../src/storage/sqlite/index.js';
import { dropSchema, freshSchema, withAdminClient } from './engines.js';

/**
 * Databases as an earlier release left them, for tests of migrations that move data: every
 * migration below `version` applied and recorded, nothing after it.
 */
const RECORD_TABLE = 'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)';
const earlier = (version: number) => migrations.filter((m) => m.version < version);

/**
 * A SQLite database at the schema before `version`, in memory or in the file at `path` (opened as
 * the server opens one, without the auto-vacuum mode that opening sets since); the caller closes it.
 */
export function sqliteBefore(version: number, path?: string): Database {
  const db = openDatabase(path);
  db.exec(RECORD_TABLE);
  for (const m of earlier(version)) {
    db.exec(m.sql(sqliteDialect));
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
  }
  return db;
}

/**
 * Runs `work` on a connection whose search_path is a fresh schema at the schema before `version`,
 * then drops the schema.
 */
export async function withPostgresBefore<T>(
  url: string,
  version: number,
  work: (client: pg.Client, schema: string) => Promise<T>,
): Promise<T> {
  const schema = freshSchema(`canopy_before_${version}`);
  try {
    return await withAdminClient(url, async (client) => {
      await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
      await client.query(RECORD_TABLE);
      for (const m of earlier(version)) {
        await client.query(m.sql(postgresDialect));
        await client.query('INSERT INTO schema_migrations VALUES ($1, $2, 0)', [m.version, m.name]);
      }
      return work(client, schema);
    });
  } finally {
    await dropSchema(url, schema);
  }
}
