import type { Dialect } from '../sql/dialect.js';

/**
 * One schema change, written once for both engines. `sql` gets the dialect for the few fragments
 * that differ (src/storage/sql/dialect.ts); everything else is the same text on SQLite and
 * PostgreSQL. Times are integer milliseconds since the epoch (BIGINT), flags are BOOLEAN, counts INTEGER.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  sql(d: Dialect): string;
}
