/**
 * The few places where SQLite and PostgreSQL SQL differ in meaning, each named for what it means.
 * Everything else in src/storage/sql and src/storage/migrations is one text for both engines.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';

  // Queries
  /**
   * Ties between rows written in the same millisecond, in insertion order: SQLite's implicit
   * `rowid`; on PostgreSQL an identity column (`insertionOrderColumn` below).
   */
  readonly insertionOrder: string;
  /** 1-based position of `needle` in `haystack`, 0 when absent: a literal match (`%` and `_` included). */
  position(haystack: string, needle: string): string;
  /** `column` compared byte by byte in ORDER BY, as SQLite does by default, whatever the database collation. */
  bytewise(column: string): string;
  /**
   * The clause that locks the rows a SELECT reads until the transaction ends, so other writers of
   * them wait (inserts that only reference the row go on); null where transactions already run one
   * at a time (SQLite), so no lock is taken.
   */
  readonly rowLock: string | null;
  /**
   * The clause that makes a claiming SELECT skip rows another transaction has locked, so dispatchers
   * on several instances take different messages instead of waiting; empty on SQLite (one writer).
   */
  readonly skipLocked: string;
  /**
   * A query whose column `n` is the size of the store's data in bytes: SQLite's pages (free ones
   * included, since the file keeps them); on PostgreSQL the tables of the current schema with their
   * indexes and TOAST, so several Canopy schemas in one database are told apart.
   */
  readonly sizeBytes: string;
  /** Rows of `tbl` and `n`: each table of the store with its indexes, in bytes (as `sizeBytes` counts them). */
  readonly tableBytes: string;
  /**
   * Gives one free page back to the file system each time it runs (SQLite's incremental vacuum: the
   * driver steps a statement once, and each step moves one page), or null where the engine reclaims
   * space on its own (PostgreSQL's autovacuum).
   */
  readonly reclaimSpace: string | null;
  /** A query whose column `n` counts the free pages a reclaim could still give back (null with `reclaimSpace`). */
  readonly freePages: string | null;

  // Schema (src/storage/migrations)
  /** The column definition (with its trailing comma) that gives `insertionOrder`; empty where rowid does. */
  readonly insertionOrderColumn: string;
  /**
   * What an index ends with to be ordered by `insertionOrder` within equal keys: nothing in SQLite,
   * where every index ends in the rowid; `, seq` on PostgreSQL.
   */
  readonly indexInsertionOrder: string;
  /** Table option for tables keyed only by their primary key: SQLite stores them in the key's B-tree. */
  readonly keyedTable: string;
}

export const sqliteDialect: Dialect = Object.freeze({
  name: 'sqlite',
  insertionOrder: 'rowid',
  position: (haystack: string, needle: string) => `instr(${haystack}, ${needle})`,
  bytewise: (column: string) => column,
  rowLock: null,
  skipLocked: '',
  sizeBytes: 'SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()',
  tableBytes: 'SELECT s.tbl_name AS tbl, SUM(d.pgsize) AS n FROM dbstat d JOIN sqlite_schema s ON s.name = d.name GROUP BY s.tbl_name',
  reclaimSpace: 'PRAGMA incremental_vacuum',
  freePages: 'SELECT freelist_count AS n FROM pragma_freelist_count()',
  insertionOrderColumn: '',
  indexInsertionOrder: '',
  keyedTable: ' WITHOUT ROWID',
});

export const postgresDialect: Dialect = Object.freeze({
  name: 'postgres',
  insertionOrder: 'seq',
  position: (haystack: string, needle: string) => `strpos(${haystack}, ${needle})`,
  bytewise: (column: string) => `${column} COLLATE "C"`,
  // NO KEY UPDATE: writers of the row queue, while inserts that only reference it (their foreign
  // keys take KEY SHARE) go on.
  rowLock: 'FOR NO KEY UPDATE',
  skipLocked: 'FOR UPDATE SKIP LOCKED',
  sizeBytes: `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS n FROM pg_class c
    JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = current_schema() AND c.relkind = 'r'`,
  tableBytes: `SELECT c.relname AS tbl, pg_total_relation_size(c.oid) AS n FROM pg_class c
    JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = current_schema() AND c.relkind = 'r'`,
  reclaimSpace: null,
  freePages: null,
  insertionOrderColumn: 'seq BIGINT GENERATED ALWAYS AS IDENTITY,',
  indexInsertionOrder: ', seq',
  keyedTable: '',
});

/**
 * SQL text that depends on the dialect, built once per dialect and then reused as the same string
 * (the engines cache prepared statements by text).
 */
export function perDialect<T>(build: (d: Dialect) => T): (d: Dialect) => T {
  const built = new Map<Dialect, T>();
  return (d) => {
    let value = built.get(d);
    if (value === undefined) {
      value = build(d);
      built.set(d, value);
    }
    return value;
  };
}

/** A table and its indexes, in bytes. */
export type TableBytes = Map<string, number>;

/** A row of `tableBytes`: a table and its bytes, a string where the driver reads a bigint as one. */
export interface TableBytesRow {
  readonly tbl: string;
  readonly n: number | string;
}

export const toTableBytes = (rows: readonly TableBytesRow[]): TableBytes => new Map(rows.map((row) => [row.tbl, Number(row.n)]));
