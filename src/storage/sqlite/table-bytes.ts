import type BetterSqlite3 from 'better-sqlite3';
import { sqliteDialect } from '../sql/dialect.js';
import type { SqliteWorker } from './sqlite-worker.js';

/** A table and its indexes, in bytes. */
export type TableBytes = Map<string, number>;

/**
 * Each table's size in the SQLite file, read with dbstat in the store's worker (sqlite-worker.ts):
 * dbstat visits every page of the file (about a millisecond per MB), which on the server's thread
 * would hold every request for as long. WAL lets the worker read beside the server's writes.
 */
export async function fileTableBytes(worker: SqliteWorker): Promise<TableBytes> {
  return toTableBytes(await worker.read<SizeRow>(sqliteDialect.tableBytes));
}

/** The same for a database without a file (memory): small, so read where it is. */
export function memoryTableBytes(db: BetterSqlite3.Database): TableBytes {
  return toTableBytes(db.prepare(sqliteDialect.tableBytes).all() as SizeRow[]);
}

/** A row of `sqliteDialect.tableBytes`: a table (its indexes counted in) and its bytes. */
interface SizeRow {
  readonly tbl: string;
  readonly n: number;
}

const toTableBytes = (rows: readonly SizeRow[]): TableBytes => new Map(rows.map((row) => [row.tbl, Number(row.n)]));
