import pg from 'pg';
import { migrations } from '../migrations/index.js';
import { postgresDialect } from '../sql/dialect.js';
import { classify } from './errors.js';

/**
 * Schema names go into SQL and into the connection's startup options unquoted, so only plain
 * lower-case identifiers are accepted (the same rule as CANOPY_DATABASE_SCHEMA).
 */
export function checkSchema(schema: string | undefined): string | undefined {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  return schema;
}

/** Keys of the advisory lock that serialises migrations; the second part is the schema's hash. */
const LOCK_KEY = 0x63616e6f; // "cano"

/**
 * Applies pending migrations; returns how many. Instances that start together queue on a session
 * advisory lock, so each migration runs once; the lock goes with the connection if a process dies.
 */
export async function migrate(url: string, schema: string | undefined, connectTimeoutMs = 3000): Promise<number> {
  checkSchema(schema);
  // Migrations may wait for the lock behind other instances and run DDL: longer timeouts than requests.
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: 60_000,
    query_timeout: 65_000,
    application_name: 'canopy-migrate',
  });
  let lost: Error | undefined;
  client.on('error', (error) => (lost = error));
  try {
    await client.connect();
    await client.query('SELECT pg_advisory_lock($1, hashtext(coalesce($2::text, current_schema())))', [LOCK_KEY, schema ?? null]);
    // CREATE SCHEMA IF NOT EXISTS races with itself, so it runs under the lock too.
    if (schema !== undefined) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
    }
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version),
    );
    let count = 0;
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql(postgresDialect));
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          Date.now(),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      count++;
    }
    await client.query('SELECT pg_advisory_unlock($1, hashtext(coalesce($2::text, current_schema())))', [LOCK_KEY, schema ?? null]);
    return count;
  } catch (error) {
    throw classify(lost ?? error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
