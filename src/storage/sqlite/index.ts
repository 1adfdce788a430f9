import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { OutboxHandoff } from '../../domain/messages/store.js';
import { StoreUnavailable } from '../../domain/store.js';
import { dataTables } from '../migrations/index.js';
import { sealingKeys } from '../secret-box.js';
import { sqliteDialect } from '../sql/dialect.js';
import {
  checkServerSecret,
  checkValue,
  generatedSecret,
  secretStillFits,
  type Rotation,
  rotateSealed,
  sealLegacyOutbox,
} from '../sql/server-secret.js';
import type { SqlSession } from '../sql/session.js';
import { getSetting, schemaVersion, setSetting } from '../sql/settings.js';
import { sqlStores, type TxStores } from '../sql/stores.js';
import type { OpenedStore, Store } from '../store.js';
import { GroupCommit } from './group-commit.js';
import { migrate } from './migrate.js';
import { fileTableBytes, memoryTableBytes } from './table-bytes.js';
import { SqliteSession } from './session.js';
import { CHECKPOINT_INTERVAL_MS, SERVER_CHECKPOINT_PAGES, startingAtFirstWrite, SqliteWorker } from './sqlite-worker.js';
import { type Durability, noDurability, WalSync } from './wal-sync.js';

export interface SqliteOptions {
  /** A file path, or undefined for a throw-away in-memory database. */
  readonly path: string | undefined;
  /** Server secret from the configuration; when absent one is generated and kept in the database. */
  readonly secret: string | undefined;
  /**
   * Page cache of a file database, in MiB, sized by measurement: docs/configuration.md,
   * CANOPY_SQLITE_CACHE_MB. Unset: SQLite's default.
   */
  readonly cacheMb?: number;
  /** This instance's dispatcher, when it delivers: messages go to it once durably queued (OutboxHandoff). */
  readonly handoff?: OutboxHandoff;
  /** Told when the SQLite worker stops on an error (the server's own checkpoints go on alone). */
  readonly log?: Logger;
}

/**
 * `commits`: 'synced' (FULL) makes every COMMIT wait for the disk; 'written' (NORMAL) leaves that to
 * the caller, which must then sync the WAL itself before it trusts a commit (see WalSync).
 */
export function openDatabase(path: string | undefined, commits: 'synced' | 'written' = 'synced'): Database {
  if (path) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path ?? ':memory:');
  if (path) {
    // A file system without shared memory keeps SQLite in its rollback journal, where only FULL is durable.
    const wal = db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    db.pragma(commits === 'written' && wal ? 'synchronous = NORMAL' : 'synchronous = FULL');
  }
  // Deleted and overwritten content is zeroed, not left in free space where a copy of the file would
  // still show it (an old version of a row, a deleted AccessKey).
  db.pragma('secure_delete = ON');
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

/**
 * A session's savepoints and after-commit hooks are its group commit's; the group is built after the
 * session, on the stores built over it, so the session reaches it only when a transaction runs.
 */
function lateGroup<S>(group: () => GroupCommit<S>): Pick<SqlSession, 'savepoint' | 'afterCommit'> {
  return {
    savepoint: (work) => group().savepoint(work),
    afterCommit: (hook) => group().afterCommit(hook),
  };
}

export async function openSqliteStore(options: SqliteOptions): Promise<OpenedStore> {
  // The server's commits are made durable off the event loop by WalSync, so COMMIT need not wait.
  const db = openDatabase(options.path, 'written');
  // Negative: a size in KiB rather than in pages. Memory is only taken as pages are read.
  if (options.path && options.cacheMb) db.pragma(`cache_size = -${options.cacheMb * 1024}`);
  let durability: Durability = noDurability;
  let worker: SqliteWorker | undefined;
  try {
    migrate(db);
    const wal = db.pragma('synchronous', { simple: true }) === 1;
    if (wal) {
      durability = WalSync.open(options.path!);
      db.pragma(`wal_autocheckpoint = ${SERVER_CHECKPOINT_PAGES}`);
    }
    // Checkpoints only in WAL mode; the metrics' table sizes on any file.
    if (options.path) {
      worker = new SqliteWorker(options.path, wal ? CHECKPOINT_INTERVAL_MS : 0, (err) =>
        options.log?.warn({ err }, "the SQLite worker stopped; the server's own checkpoints go on"),
      );
    }
    const session: SqliteSession = new SqliteSession(
      db,
      lateGroup(() => group),
    );
    // Outside any transaction: each statement commits on its own, before the server takes requests.
    const serverSecret = options.secret ?? (await generatedSecret(session));
    const keys = sealingKeys(serverSecret);
    const check = checkValue(serverSecret);
    const group: GroupCommit<TxStores> = new GroupCommit(
      db,
      sqlStores(session, sqliteDialect, keys, options.handoff),
      worker && wal ? startingAtFirstWrite(durability, worker) : durability,
    );
    const run = <T>(work: (tx: TxStores) => Promise<T>) => group.run(work).catch(classify);
    await run(async () => {
      await checkServerSecret(session, serverSecret, options.secret !== undefined);
      await sealLegacyOutbox(session, keys.outbox);
    });
    // The generated secret and the migrations were written outside the group commit's transactions.
    await durability.afterWrite();

    const store: Store = {
      kind: options.path ? 'sqlite' : 'memory',
      transaction: run,
      getSetting: (key) => run(() => getSetting(session, key)),
      setSetting: (key, value) => run(() => setSetting(session, key, value)),
      reset: () =>
        run(async () => {
          for (const table of dataTables) await session.run(`DELETE FROM ${table}`);
        }),
      probe: () => run(async () => ({ schemaVersion: await schemaVersion(session), secretFits: await secretStillFits(session, check) })),
      tableBytes: () => (worker ? fileTableBytes(worker) : run(async () => memoryTableBytes(db))),
      close: async () => {
        await group.drain();
        // Before the server's connection closes: the last connection to close checkpoints the whole WAL.
        await worker?.stop();
        durability.close();
        if (db.open) db.close();
      },
    };
    return { store, serverSecret };
  } catch (error) {
    await worker?.stop();
    durability.close();
    if (db.open) db.close();
    throw error;
  }
}

/**
 * `canopy rotate-secret` on a SQLite file: every sealed value re-sealed under `next` in one
 * transaction (see rotateSealed). No server may have the file open meanwhile.
 */
export async function rotateSqliteSecret(path: string, previous: string | undefined, next: string): Promise<Rotation> {
  const db = openDatabase(path);
  try {
    migrate(db);
    const session: SqliteSession = new SqliteSession(
      db,
      lateGroup(() => group),
    );
    const group = new GroupCommit(db, undefined);
    return await group.run(() => rotateSealed(session, previous, next)).catch(classify);
  } finally {
    if (db.open) db.close();
  }
}
