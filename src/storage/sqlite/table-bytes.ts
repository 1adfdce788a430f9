import type BetterSqlite3 from 'better-sqlite3';
import { sqliteDialect, type TableBytes, type TableBytesRow, toTableBytes } from '../sql/dialect.js';
import type { SqliteWorker } from './sqlite-worker.js';

/**
 * Each table's size in the SQLite file, read with dbstat in the store's worker (sqlite-worker.ts):
 * dbstat visits every page of the file (about a millisecond per MB), which on the server's thread
 * would hold every request for as long. WAL lets the worker read beside the server's writes.
 */
export async function fileTableBytes(worker: SqliteWorker): Promise<TableBytes> {
  return toTableBytes(await worker.read<TableBytesRow>(sqliteDialect.tableBytes));
}

/** The same for a database without a file (memory): small, so read where it is. */
export function memoryTableBytes(db: BetterSqlite3.Database): TableBytes {
  return toTableBytes(db.prepare(sqliteDialect.tableBytes).all() as TableBytesRow[]);
}
