import type { Database } from 'better-sqlite3';
import { migrations } from '../migrations/index.js';
import { sqliteDialect } from '../sql/dialect.js';

/**
 * Incremental auto-vacuum, so that the retention job can give freed pages back to the file system
 * in small steps (PRAGMA incremental_vacuum). A file created by an earlier release is rewritten once
 * (VACUUM, which holds the file for as long as a copy of it takes; docs/production.md, Upgrades);
 * from then on the file says so in its header, and later opens leave it alone. A database in memory
 * has nothing to give back.
 */
function useIncrementalVacuum(db: Database): void {
  if (db.memory || db.pragma('auto_vacuum', { simple: true }) === 2) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  // Only a file whose header is not written yet takes the setting as it is. Switching to WAL
  // (openDatabase) writes it, so a new file takes the rewrite too, which costs nothing while it is empty.
  if (db.pragma('auto_vacuum', { simple: true }) !== 2) db.exec('VACUUM');
}

/** Applies pending migrations, each in its own transaction; returns how many. */
export function migrate(db: Database): number {
  useIncrementalVacuum(db);
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  let count = 0;
  for (const migration of migrations) {
    // Checked again inside the write lock: several processes may start on one file at once.
    const applied = db
      .transaction(() => {
        if (isApplied.get(migration.version)) return false;
        db.exec(migration.sql(sqliteDialect));
        record.run(migration.version, migration.name, Date.now());
        return true;
      })
      .immediate();
    if (applied) count++;
  }
  // A migration that rebuilds a table (021's nonces) frees the old one's pages: back to the file
  // system at once, rather than at the retention job's first run.
  if (count > 0 && !db.memory) db.pragma('incremental_vacuum');
  return count;
}
