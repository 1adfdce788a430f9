import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { sqliteDialect } from '../sql/dialect.js';

/** A table and its indexes, in bytes. */
export type TableBytes = Map<string, number>;

/**
 * Reads dbstat in a worker thread, on a read-only connection of its own: dbstat visits every page of
 * the file (about a millisecond per MB), which on the server's thread would hold every request for
 * as long. WAL lets the worker read beside the server's writes. Each page is read once, so the
 * connection gets a small page cache: better-sqlite3's default of 16 MB filled with the whole file
 * (a 13 MB file took the server's peak RSS 13 MB higher for that scrape, and read 4x slower).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
try {
  db.pragma('cache_size = -128');
  parentPort.postMessage(db.prepare(workerData.sql).all());
} finally {
  db.close();
}
`;

/** Each table's size in the SQLite file at `path`. */
export function fileTableBytes(path: string): Promise<TableBytes> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { path, sql: sqliteDialect.tableBytes, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    worker.once('message', (rows: { tbl: string; n: number }[]) => resolve(new Map(rows.map((row) => [row.tbl, Number(row.n)]))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the table-size worker ended with code ${code}`)));
  });
}

/** The same for a database without a file (memory): small, so read where it is. */
export function memoryTableBytes(db: BetterSqlite3.Database): TableBytes {
  const rows = db.prepare(sqliteDialect.tableBytes).all() as { tbl: string; n: number }[];
  return new Map(rows.map((row) => [row.tbl, Number(row.n)]));
}
