import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Store, TxStores } from '../store.js';
import { SecretBox } from '../secret-box.js';
import { PgAccessKeys, PgAccounts } from './accounts.js';
import { PgDirectories } from './directories.js';
import { PgFolders } from './folders.js';
import { PgMembers } from './members.js';
import { PgHandshakes } from './handshakes.js';
import { checkSchema, dataTables, migrate } from './migrations.js';
import { PgNonces } from './nonces.js';
import { PgOutbox } from './outbox.js';
import { Transactor, type TxContext } from './transactor.js';
import { PgVerification } from './verification.js';

export interface PostgresOptions {
  readonly url: string;
  /** Server secret from the configuration; when absent one is generated and kept in the database. */
  readonly secret: string | undefined;
  /** A lower-case schema of its own (created if missing); else the connection's default search_path. */
  readonly schema?: string;
  readonly poolSize?: number;
  readonly log?: Logger;
  /** Shown in pg_stat_activity; tests set their own to tell their connections apart. */
  readonly applicationName?: string;
}

export interface OpenedStore {
  readonly store: Store;
  readonly serverSecret: string;
}

/** Applies pending migrations under an advisory lock; returns how many were applied. */
export function migratePostgres(url: string, schema?: string): Promise<number> {
  return migrate(url, schema);
}

/** Brings the schema up to date, then opens a pooled store on it. */
export async function openPostgresStore(options: PostgresOptions): Promise<OpenedStore> {
  await migrate(options.url, options.schema);
  const transactor = new Transactor(createPool(options));
  try {
    const serverSecret = options.secret ?? (await storedSecret(transactor));
    return { store: postgresStore(transactor, serverSecret), serverSecret };
  } catch (error) {
    await transactor.close();
    throw error;
  }
}

/**
 * A store on a schema that is already migrated, without touching the database until the first
 * transaction (so it can be created while PostgreSQL is down).
 */
export function connectPostgresStore(options: PostgresOptions & { readonly secret: string }): Store {
  return postgresStore(new Transactor(createPool(options)), options.secret);
}

// BIGINT columns hold millisecond times and counts, far below 2^53: read them as numbers, for this
// pool only, rather than changing pg's process-wide parsers.
const parseInt8 = (value: string) => Number(value);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function createPool(options: PostgresOptions): pg.Pool {
  const schema = checkSchema(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // Every wait is bounded, so a dead or unreachable server shows as StoreUnavailable, never a hang:
    // getting a connection (also waiting for a free one), a statement on the server, and the reply.
    // The client-side query timeout is a little longer than the server's statement timeout, so a slow
    // statement is normally cancelled by the server (the connection stays usable) and the client
    // gives up on its own only when the server does not answer at all.
    connectionTimeoutMillis: 3000,
    statement_timeout: 5000,
    query_timeout: 6000,
    // A transaction left open by a stuck process must not hold its row locks for ever.
    idle_in_transaction_session_timeout: 60_000,
    idleTimeoutMillis: 10_000,
    keepAlive: true,
    application_name: options.applicationName ?? 'canopy',
    // Set at connection start-up, so every pooled connection resolves tables in the schema.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    types,
  });
  // An idle client whose server went away (a restart, a terminated backend) reports here; without a
  // listener that error would crash the process. The pool drops the client and opens a new one later.
  pool.on('error', (err) => options.log?.warn({ err }, 'an idle PostgreSQL connection failed; the pool will replace it'));
  return pool;
}

function postgresStore(transactor: Transactor, serverSecret: string): Store {
  const box = new SecretBox(serverSecret);
  const stores = (tx: TxContext): TxStores => ({
    accounts: new PgAccounts(tx),
    accessKeys: new PgAccessKeys(tx, box),
    directories: new PgDirectories(tx),
    folders: new PgFolders(tx),
    members: new PgMembers(tx),
    handshakes: new PgHandshakes(tx),
    verification: new PgVerification(tx),
    outbox: new PgOutbox(tx),
    nonces: new PgNonces(tx),
    savepoint: (work) => tx.savepoint(work),
  });
  return {
    kind: 'postgres',
    transaction: (work) => transactor.run((tx) => work(stores(tx))),
    getSetting: (key) =>
      transactor.run(async (tx) => (await tx.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value),
    setSetting: (key, value) =>
      transactor.run(async (tx) => {
        await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
      }),
    reset: () =>
      transactor.run(async (tx) => {
        await tx.query(`TRUNCATE ${dataTables.join(', ')}`);
      }),
    close: () => transactor.close(),
  };
}

/** Instances that start together each offer a secret; the first insert wins and all read it back. */
function storedSecret(transactor: Transactor): Promise<string> {
  return transactor.run(async (tx) => {
    await tx.query("INSERT INTO settings (key, value) VALUES ('server_secret', $1) ON CONFLICT (key) DO NOTHING", [randomBytes(32).toString('base64url')]);
    return (await tx.query<{ value: string }>("SELECT value FROM settings WHERE key = 'server_secret'")).rows[0]!.value;
  });
}
