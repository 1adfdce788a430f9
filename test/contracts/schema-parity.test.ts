import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from 'better-sqlite3';
import type pg from 'pg';
import { migrations } from '../../src/storage/migrations/index.js';
import { migratePostgres } from '../../src/storage/postgres/index.js';
import { openDatabase } from '../../src/storage/sqlite/index.js';
import { migrate } from '../../src/storage/sqlite/migrate.js';
import { dropSchema, freshSchema, testDatabaseUrl, withAdminClient } from './engines.js';

/**
 * Both engines, freshly migrated, must hold the same schema: tables, columns (type, nullability,
 * default), primary keys, unique keys, foreign keys and indexes (columns, uniqueness, partial
 * predicate). Written against catalogs, not against our migration text, so a change made on one
 * engine only (a migration fragment, a hand fix) shows here. What the dialects name differently
 * on purpose is mapped in one place each:
 * - PostgreSQL's identity column `seq` is SQLite's implicit rowid (Dialect.insertionOrderColumn),
 *   and the `seq` that ends some of its indexes is the rowid every SQLite index ends with;
 * - constraint indexes are compared by their columns, since each engine names them its own way;
 * - SQLite lets a non-integer PRIMARY KEY column hold NULL unless told otherwise; a key column
 *   counts as NOT NULL on both (no store ever writes a NULL key).
 * - `outbox_account` is PostgreSQL's only (migration 020: SQLite's planner cannot use it), checked
 *   to be there and then left out.
 * CHECK constraints are not compared.
 */
interface Column {
  readonly type: string;
  readonly notNull: boolean;
  readonly default: string | null;
}

interface Index {
  readonly columns: string;
  readonly unique: boolean;
  readonly where: string | null;
}

interface Table {
  readonly columns: Record<string, Column>;
  readonly primaryKey: string;
  /** UNIQUE constraints, as their column lists. */
  readonly uniqueKeys: string[];
  /** `column -> table(column)`. */
  readonly foreignKeys: string[];
  /** Indexes created by name (CREATE INDEX), by name. */
  readonly indexes: Record<string, Index>;
}

type Schema = Record<string, Table>;

const predicate = (text: string | null) =>
  text === null
    ? null
    : text
        .replace(/::[a-z ]+/gi, '')
        .replace(/[()"]/g, '')
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase();
const defaultValue = (text: string | null) => (text === null ? null : text.replace(/::[a-z ]+/gi, '').replace(/^'(.*)'$/, '$1'));

function sqliteSchema(db: Database): Schema {
  const schema: Schema = {};
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  for (const { name } of tables) {
    const info = db.prepare(`PRAGMA table_info(${name})`).all() as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const columns: Record<string, Column> = {};
    for (const c of info)
      columns[c.name] = { type: c.type.toLowerCase(), notNull: c.notnull === 1 || c.pk > 0, default: defaultValue(c.dflt_value) };
    const primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name)
      .join(',');
    const uniqueKeys: string[] = [];
    const indexes: Record<string, Index> = {};
    const list = db.prepare(`PRAGMA index_list(${name})`).all() as { name: string; unique: number; origin: string; partial: number }[];
    for (const index of list) {
      const columnsOf = (db.prepare(`PRAGMA index_info(${index.name})`).all() as { seqno: number; name: string }[])
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name)
        .join(',');
      if (index.origin === 'u') uniqueKeys.push(columnsOf);
      if (index.origin !== 'c') continue;
      const sql = db.prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(index.name)!;
      const where = /\bWHERE\b(.*)$/is.exec(sql)?.[1] ?? null;
      indexes[index.name] = { columns: columnsOf, unique: index.unique === 1, where: predicate(where) };
    }
    const foreignKeys = (db.prepare(`PRAGMA foreign_key_list(${name})`).all() as { table: string; from: string; to: string }[]).map(
      (fk) => `${fk.from} -> ${fk.table}(${fk.to})`,
    );
    schema[name] = { columns, primaryKey, uniqueKeys: uniqueKeys.sort(), foreignKeys: foreignKeys.sort(), indexes };
  }
  return schema;
}

async function postgresSchema(client: pg.Client, schemaName: string): Promise<Schema> {
  const schema: Schema = {};
  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    nullable: string;
    dflt: string | null;
    identity: string;
  }>(
    `SELECT table_name AS table, column_name AS column, data_type AS type, is_nullable AS nullable, column_default AS dflt, is_identity AS identity
     FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [schemaName],
  );
  for (const c of columns.rows) {
    schema[c.table] ??= { columns: {}, primaryKey: '', uniqueKeys: [], foreignKeys: [], indexes: {} };
    // The identity column stands for SQLite's rowid (Dialect.insertionOrderColumn).
    if (c.identity === 'YES' && c.column === 'seq') continue;
    schema[c.table]!.columns[c.column] = { type: c.type, notNull: c.nullable === 'NO', default: defaultValue(c.dflt) };
  }
  const indexes = await client.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    constraint: string | null;
    columns: string[];
    where: string | null;
  }>(
    `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary, con.contype AS constraint,
            array(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
            pg_get_expr(x.indpred, x.indrelid) AS where
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
     LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid
     WHERE ns.nspname = $1`,
    [schemaName],
  );
  for (const index of indexes.rows) {
    const table = schema[index.table]!;
    // Every SQLite index ends in the rowid; PostgreSQL spells that `seq` (Dialect.indexInsertionOrder).
    const columnsOf = index.columns.filter((c, i, all) => !(c === 'seq' && i === all.length - 1)).join(',');
    if (index.primary) (table as { primaryKey: string }).primaryKey = columnsOf;
    else if (index.constraint === 'u') table.uniqueKeys.push(columnsOf);
    else table.indexes[index.name] = { columns: columnsOf, unique: index.unique, where: predicate(index.where) };
  }
  const foreign = await client.query<{ table: string; column: string; target: string; targetColumn: string }>(
    `SELECT kcu.table_name AS table, kcu.column_name AS column, ccu.table_name AS target, ccu.column_name AS "targetColumn"
     FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.constraint_schema = tc.constraint_schema
     JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema
     WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = $1`,
    [schemaName],
  );
  for (const fk of foreign.rows) schema[fk.table]!.foreignKeys.push(`${fk.column} -> ${fk.target}(${fk.targetColumn})`);
  for (const table of Object.values(schema)) {
    table.uniqueKeys.sort();
    table.foreignKeys.sort();
  }
  return schema;
}

function migratedSqlite(): Schema {
  const db = openDatabase(undefined);
  try {
    assert.equal(migrate(db), migrations.length);
    return sqliteSchema(db);
  } finally {
    db.close();
  }
}

test('the migrations give SQLite a schema the parity check can read', () => {
  const schema = migratedSqlite();
  // A sanity check of the reader itself, so that an empty read cannot pass as parity.
  assert.ok(Object.keys(schema).length >= 17, Object.keys(schema).join(', '));
  assert.deepEqual(schema['members']?.indexes['members_display_name'], {
    columns: 'directory_id,display_name',
    unique: true,
    where: 'display_name is not null',
  });
  assert.ok(schema['access_keys']?.foreignKeys.includes('account_id -> accounts(id)'));
});

test('SQLite and PostgreSQL hold the same schema after migrating', {
  skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set',
}, async () => {
  const url = testDatabaseUrl!;
  const schemaName = freshSchema('canopy_parity');
  try {
    assert.equal(await migratePostgres(url, schemaName), migrations.length);
    const postgres = await withAdminClient(url, (client) => postgresSchema(client, schemaName));
    const sqlite = migratedSqlite();
    assert.deepEqual(postgres['outbox']?.indexes['outbox_account'], { columns: 'account_id,created_at', unique: false, where: null });
    assert.equal(sqlite['outbox']?.indexes['outbox_account'], undefined);
    delete postgres['outbox']!.indexes['outbox_account'];
    assert.deepEqual(Object.keys(postgres).sort(), Object.keys(sqlite).sort(), 'tables');
    for (const table of Object.keys(sqlite)) assert.deepEqual(postgres[table], sqlite[table], `table ${table}`);
  } finally {
    await dropSchema(url, schemaName);
  }
});
