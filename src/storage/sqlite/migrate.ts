import type { Database } from 'better-sqlite3';
import { migrations } from '../migrations/index.js';
import { sqliteDialect } from '../sql/dialect.js';

/** Applies pending migrations, each in its own transaction; returns how many. */
export function migrate(db: Database): number {
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
  return count;
}
