import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { StoreUnavailable } from '../../domain/store.js';
import { dataTables } from '../migrations/index.js';
import { SecretBox } from '../secret-box.js';
import { sqliteDialect } from '../sql/dialect.js';
import { getSetting, schemaVersion, setSetting, storedSecret } from '../sql/settings.js';
import { sqlStores, type TxStores } from '../sql/stores.js';
import type { OpenedStore, Store } from '../store.js';
import { GroupCommit } from './group-commit.js';
import { migrate } from './migrate.js';
import { SqliteSession } from './session.js';

export interface SqliteOptions {
  /** A file path, or undefined for a throw-away in-memory database. */
  readonly path: string | undefined;
  /** Server secret from the configuration; when absent one is generated and kept in the database. */
  readonly secret: string | undefined;
}

export function openDatabase(path: string | undefined): Database {
  if (path) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path ?? ':memory:');
  if (path) {
    db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before COMMIT returns. Group commit pays for it, not the client.
    db.pragma('synchronous = FULL');
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Another process holds the database's write lock for longer than busy_timeout (several processes on
 * one file): nothing of the work was kept, so the caller may try again.
 */
function classify(error: unknown): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) throw new StoreUnavailable('the SQLite database is busy', error);
  throw error;
}

export async function openSqliteStore(options: SqliteOptions): Promise<OpenedStore> {
  const db = openDatabase(options.path);
  migrate(db);
  // The session's savepoints are the group commit's, which needs the stores built on the session.
  const session: SqliteSession = new SqliteSession(db, (work) => group.savepoint(work));
  // Outside any transaction: each statement commits on its own, before the server takes requests.
  const serverSecret = options.secret ?? (await storedSecret(session));
  const group: GroupCommit<TxStores> = new GroupCommit(db, sqlStores(session, sqliteDialect, new SecretBox(serverSecret)));
  const run = <T>(work: (tx: TxStores) => Promise<T>) => group.run(work).catch(classify);

  const store: Store = {
    kind: options.path ? 'sqlite' : 'memory',
    transaction: run,
    getSetting: (key) => run(() => getSetting(session, key)),
    setSetting: (key, value) => run(() => setSetting(session, key, value)),
    reset: () =>
      run(async () => {
        for (const table of dataTables) await session.run(`DELETE FROM ${table}`);
      }),
    probe: () => run(async () => ({ schemaVersion: await schemaVersion(session) })),
    close: async () => {
      await group.drain();
      if (db.open) db.close();
    },
  };
  return { store, serverSecret };
}
