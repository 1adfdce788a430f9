import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { Store, TxStores } from '../store.js';
import { SecretBox } from '../secret-box.js';
import { SqliteAccessKeys, SqliteAccounts } from './accounts.js';
import { SqliteDirectories } from './directories.js';
import { SqliteFolders } from './folders.js';
import { SqliteMembers } from './members.js';
import { GroupCommit } from './group-commit.js';
import { SqliteHandshakes } from './handshakes.js';
import { dataTables, migrate } from './migrations.js';
import { SqliteNonces } from './nonces.js';
import { SqliteOutbox } from './outbox.js';
import { SqliteVerification } from './verification.js';

export interface SqliteOptions {
  /** A file path, or undefined for a throw-away in-memory database. */
  readonly path: string | undefined;
  /** Server secret from the configuration; when absent one is generated and kept in the database. */
  readonly secret: string | undefined;
}

export interface OpenedStore {
  readonly store: Store;
  readonly serverSecret: string;
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

export function openSqliteStore(options: SqliteOptions): OpenedStore {
  const db = openDatabase(options.path);
  migrate(db);
  const serverSecret = options.secret ?? storedSecret(db);
  const box = new SecretBox(serverSecret);
  let commit: GroupCommit<TxStores>;
  const stores: TxStores = {
    accounts: new SqliteAccounts(db),
    accessKeys: new SqliteAccessKeys(db, box),
    directories: new SqliteDirectories(db),
    folders: new SqliteFolders(db),
    members: new SqliteMembers(db),
    handshakes: new SqliteHandshakes(db),
    verification: new SqliteVerification(db),
    outbox: new SqliteOutbox(db),
    nonces: new SqliteNonces(db),
    savepoint: (work) => commit.savepoint(work),
  };
  commit = new GroupCommit(db, stores);
  const getSetting = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const putSetting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');

  const store: Store = {
    kind: options.path ? 'sqlite' : 'memory',
    transaction: (work) => commit.run(work),
    getSetting: (key) => commit.run(async () => getSetting.get(key)),
    setSetting: (key, value) => commit.run(async () => void putSetting.run(key, value)),
    reset: () =>
      commit.run(async () => {
        for (const table of dataTables) db.prepare(`DELETE FROM ${table}`).run();
      }),
    close: async () => {
      await commit.drain();
      if (db.open) db.close();
    },
  };
  return { store, serverSecret };
}

function storedSecret(db: Database): string {
  db.prepare("INSERT INTO settings (key, value) VALUES ('server_secret', ?) ON CONFLICT (key) DO NOTHING").run(randomBytes(32).toString('base64url'));
  return db.prepare("SELECT value FROM settings WHERE key = 'server_secret'").pluck().get() as string;
}
