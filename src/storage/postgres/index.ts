import pg from 'pg';
import type { Logger } from 'pino';
import type { OutboxHandoff } from '../../domain/messages/store.js';
import { dataTables } from '../migrations/index.js';
import { sealingKeys } from '../secret-box.js';
import { postgresDialect, type TableBytesRow, toTableBytes } from '../sql/dialect.js';
import {
  checkServerSecret,
  checkValue,
  generatedSecret,
  secretStillFits,
  type Rotation,
  rotateSealed,
  sealLegacyOutbox,
} from '../sql/server-secret.js';
import { getSetting, schemaVersion, setSetting } from '../sql/settings.js';
import { sqlStores } from '../sql/stores.js';
import type { OpenedStore, Store, StoreMetrics } from '../store.js';
import { errorCode } from './errors.js';
import { checkSchema, migrate } from './migrate.js';
import { PgSession, Rebinder } from './session.js';
import { ConnectionGate } from './gate.js';
import { Transactor } from './transactor.js';

export interface PostgresOptions {
  readonly url: string;
  /** Server secret from the configuration; when absent one is generated and kept in the database. */
  readonly secret: string | undefined;
  /** A lower-case schema of its own (created if missing); else the connection's default search_path. */
  readonly schema?: string;
  readonly poolSize?: number;
  /** Longest wait for a free pooled connection during a burst (default 10 s); then StoreUnavailable. */
  readonly acquireTimeoutMs?: number;
  /** Longest wait for a new connection to the server (default 3 s); then StoreUnavailable. */
  readonly connectTimeoutMs?: number;
  readonly log?: Logger;
  /** Shown in pg_stat_activity; tests set their own to tell their connections apart. */
  readonly applicationName?: string;
  /** Transactions run again and waits for a connection, for the metrics. */
  readonly metrics?: StoreMetrics;
  /** This instance's dispatcher, when it delivers: messages go to it once durably queued (OutboxHandoff). */
  readonly handoff?: OutboxHandoff;
}

/** Applies pending migrations under an advisory lock; returns how many were applied. */
export function migratePostgres(url: string, schema?: string): Promise<number> {
  return migrate(url, schema);
}

/** Brings the schema up to date, then opens a pooled store on it. */
export async function openPostgresStore(options: PostgresOptions): Promise<OpenedStore> {
  await migrate(options.url, options.schema, options.connectTimeoutMs);
  const transactor = transactorFor(options);
  try {
    const serverSecret = options.secret ?? (await storedSecretOf(transactor));
    await transactor.run(async (tx) => {
      const session = new PgSession(tx, new Rebinder());
      await checkServerSecret(session, serverSecret, options.secret !== undefined);
      await sealLegacyOutbox(session, sealingKeys(serverSecret).outbox);
    });
    return { store: postgresStore(transactor, serverSecret, options.handoff), serverSecret };
  } catch (error) {
    await transactor.close();
    throw error;
  }
}

/**
 * `canopy rotate-secret` on PostgreSQL: every sealed value re-sealed under `next` in one transaction
 * (see rotateSealed). No instance may run on the schema meanwhile.
 */
export async function rotatePostgresSecret(options: PostgresOptions, previous: string | undefined, next: string): Promise<Rotation> {
  await migrate(options.url, options.schema, options.connectTimeoutMs);
  const transactor = transactorFor(options);
  try {
    return await transactor.run((tx) => rotateSealed(new PgSession(tx, new Rebinder()), previous, next));
  } finally {
    await transactor.close();
  }
}

/**
 * A store on a schema that is already migrated, without touching the database until the first
 * transaction (so it can be created while PostgreSQL is down).
 */
export function connectPostgresStore(options: PostgresOptions & { readonly secret: string }): Store {
  return postgresStore(transactorFor(options), options.secret, options.handoff);
}

// BIGINT columns hold millisecond times and counts, far below 2^53: read them as numbers, for this
// pool only, rather than changing pg's process-wide parsers.
const parseInt8 = (value: string) => Number(value);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Every wait is bounded, so a dead or unreachable server shows as StoreUnavailable, never a hang:
 * waiting for a free connection (the gate: long enough for a burst to drain), connecting, a statement
 * on the server, and the reply.
 */
function transactorFor(options: PostgresOptions): Transactor {
  const size = options.poolSize ?? 10;
  const gate = new ConnectionGate(size, options.acquireTimeoutMs ?? 10_000, options.metrics);
  return new Transactor(createPool(options, size), gate, options.metrics);
}

function createPool(options: PostgresOptions, size: number): pg.Pool {
  const schema = checkSchema(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: size,
    // Only connecting: the gate hands out connections, so nobody queues inside the pool. The
    // client-side query timeout is a little longer than the server's statement timeout, so a slow
    // statement is normally cancelled by the server (the connection stays usable) and the client
    // gives up on its own only when the server does not answer at all.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    statement_timeout: 5000,
    query_timeout: 6000,
    // A transaction left open by a stuck process must not hold its row locks for ever.
    idle_in_transaction_session_timeout: 60_000,
    idleTimeoutMillis: 10_000,
    keepAlive: true,
    // A transaction's queued statements go in one write and are answered in order (tx-session.ts).
    pipeline: true,
    application_name: options.applicationName ?? 'canopy',
    // Set at connection start-up, so every pooled connection resolves tables in the schema.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    types,
  });
  // An idle client whose server went away (a restart, a terminated backend) reports here; without a
  // listener that error would crash the process. The pool drops the client and opens a new one later.
  // pg hangs the whole client on the error (its parameters, every prepared statement's SQL, about 4 kB):
  // the log gets the error alone.
  pool.on('error', (err) =>
    options.log?.warn(
      { err: { type: err.name, message: err.message, code: errorCode(err) } },
      'an idle PostgreSQL connection failed; the pool will replace it',
    ),
  );
  return pool;
}

function postgresStore(transactor: Transactor, serverSecret: string, handoff: OutboxHandoff | undefined): Store {
  const keys = sealingKeys(serverSecret);
  const check = checkValue(serverSecret);
  const rebinder = new Rebinder();
  const run = <T>(work: (session: PgSession) => Promise<T>) => transactor.run((tx) => work(new PgSession(tx, rebinder)));
  return {
    kind: 'postgres',
    transaction: (work) => run((session) => work(sqlStores(session, postgresDialect, keys, handoff))),
    getSetting: (key) => run((session) => getSetting(session, key)),
    setSetting: (key, value) => run((session) => setSetting(session, key, value)),
    reset: () => run(async (session) => void (await session.run(`TRUNCATE ${dataTables.join(', ')}`))),
    probe: () =>
      run(async (session) => ({ schemaVersion: await schemaVersion(session), secretFits: await secretStillFits(session, check) })),
    tableBytes: () => run(async (session) => toTableBytes(await session.all<TableBytesRow>(postgresDialect.tableBytes))),
    close: () => transactor.close(),
  };
}

/** Instances that start together each offer a secret; the first insert wins and all read it back. */
function storedSecretOf(transactor: Transactor): Promise<string> {
  return transactor.run((tx) => generatedSecret(new PgSession(tx, new Rebinder())));
}
