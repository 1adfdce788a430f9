import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test as nodeTest } from 'node:test';
import pg from 'pg';
import type { OutboxHandoff } from '../../src/domain/messages/store.js';
import { openPostgresStore } from '../../src/storage/postgres/index.js';
import { openSqliteStore } from '../../src/storage/sqlite/index.js';
import type { Store, TxStores } from '../../src/storage/store.js';

/**
 * The storage engines every contract suite runs against. Each suite is written once against the
 * interfaces in src/ and repeated here per engine, so a new engine only needs a new entry in
 * `engines` below. PostgreSQL runs when TEST_DATABASE_URL is set (CI always sets it, and
 * scripts/run-tests.mjs refuses to run under CI without it); if it is set and the server cannot be
 * reached, its tests fail rather than skip. When it is unset, every PostgreSQL test is still
 * registered, as a skip with the reason, so the summary counts what did not run.
 */
export interface Engine {
  /** Shown in test names. */
  readonly name: string;
  /** What `store.kind` reports. */
  readonly kind: Store['kind'];
  /** True when committed data outlives the process: such handles can `reopen()`. */
  readonly durable: boolean;
  /** Why this engine's tests are skipped here (shown by the runner); false when they run. */
  readonly skip: string | false;
  /** A fresh, empty store of this engine. */
  open(options?: OpenOptions): Promise<EngineHandle>;
}

/** What a suite may give the stores it opens (each engine's open options have the same field). */
export interface OpenOptions {
  readonly handoff?: OutboxHandoff;
}

export interface EngineHandle {
  readonly store: Store;
  /**
   * Closes the store and opens the same data again (durable engines only). The old handle is then
   * closed; dispose the returned one.
   */
  reopen(): Promise<EngineHandle>;
  /** Closes the store and removes whatever it kept. Safe to call twice. */
  dispose(): Promise<void>;
  /**
   * Everything the engine keeps at rest, as bytes, after a flush (durable engines), so tests can
   * check what is and is not written down. Undefined when the engine cannot show it.
   */
  rawBytes(): Promise<Buffer | undefined>;
}

/** SQLite in a file of its own, with the same pragmas (WAL, synchronous FULL) the server uses. */
function sqliteFile(): Engine {
  return {
    name: 'sqlite (file)',
    kind: 'sqlite',
    durable: true,
    skip: false,
    async open(options = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'canopy-contract-'));
      const path = join(dir, 'canopy.db');
      const secret = 'contract-tests-server-secret-0123456789';
      const handle = (store: Store): EngineHandle => {
        let closed = false;
        const close = async () => {
          if (!closed) await store.close();
          closed = true;
        };
        return {
          store,
          async reopen() {
            await close();
            return handle((await openSqliteStore({ path, secret, ...options })).store);
          },
          async dispose() {
            await close();
            rmSync(dir, { recursive: true, force: true });
          },
          async rawBytes() {
            await store.transaction(async () => undefined);
            const files = readdirSync(dir).filter((name) => name.startsWith('canopy.db'));
            return Buffer.concat(files.map((name) => readFileSync(join(dir, name))));
          },
        };
      };
      return handle((await openSqliteStore({ path, secret, ...options })).store);
    },
  };
}

/** The throw-away engine (`CANOPY_STORE=memory`). */
function memory(): Engine {
  return {
    name: 'memory',
    kind: 'memory',
    durable: false,
    skip: false,
    async open(options = {}) {
      const { store } = await openSqliteStore({ path: undefined, secret: undefined, ...options });
      let closed = false;
      return {
        store,
        reopen: () => Promise.reject(new Error('the memory engine keeps nothing to reopen')),
        async dispose() {
          if (!closed) await store.close();
          closed = true;
        },
        rawBytes: async () => undefined,
      };
    },
  };
}

/** The PostgreSQL server the tests may use, from TEST_DATABASE_URL; undefined when unset. */
export const testDatabaseUrl: string | undefined = process.env['TEST_DATABASE_URL'] || undefined;

/** The reason PostgreSQL tests give when they are skipped; false when TEST_DATABASE_URL is set. */
export const postgresSkip: string | false = testDatabaseUrl ? false : 'PostgreSQL: TEST_DATABASE_URL is not set';

let schemas = 0;
/** A schema name no other test, process or earlier run uses. */
export const freshSchema = (label = 'canopy_test') => `${label}_${process.pid}_${++schemas}_${randomBytes(3).toString('hex')}`;

/**
 * Runs `work` on a connection of its own, outside any store (to drop schemas, inspect rows, kill
 * backends). The short default connect timeout suits fault tests; a test that runs beside the whole
 * suite on a busy machine may give a longer one.
 */
export async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>, connectTimeoutMs = 3000): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const dropSchema = (url: string, schema: string) => withAdminClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));

/**
 * PostgreSQL in a schema of its own per test, dropped afterwards. Its data at rest are shown as the
 * text of every row of every table in the schema: what a dump or a stolen copy of the database holds.
 */
function postgres(url: string | undefined): Engine {
  return {
    name: 'postgres',
    kind: 'postgres',
    durable: true,
    skip: postgresSkip,
    async open(options = {}) {
      if (!url) throw new Error('TEST_DATABASE_URL is not set');
      const schema = freshSchema();
      const secret = 'contract-tests-server-secret-0123456789';
      const open = async () => (await openPostgresStore({ url, secret, schema, ...options })).store;
      const handle = (store: Store): EngineHandle => {
        let closed = false;
        const close = async () => {
          if (!closed) await store.close();
          closed = true;
        };
        return {
          store,
          async reopen() {
            await close();
            return handle(await open());
          },
          async dispose() {
            await close();
            await dropSchema(url, schema);
          },
          rawBytes: () =>
            withAdminClient(url, async (client) => {
              const tables = await client.query<{ name: string }>(
                'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1',
                [schema],
              );
              const dumps = [];
              for (const { name } of tables.rows) {
                const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${schema}.${name} t`);
                dumps.push(...rows.rows.map((r) => `${name}: ${r.row}\n`));
              }
              return Buffer.from(dumps.join(''), 'utf8');
            }),
        };
      };
      try {
        return handle(await open());
      } catch (error) {
        await dropSchema(url, schema).catch(() => undefined);
        throw error;
      }
    },
  };
}

export const engines: readonly Engine[] = [sqliteFile(), memory(), postgres(testDatabaseUrl)];

/** The engines whose tests run here (PostgreSQL only when TEST_DATABASE_URL is set). */
export const runningEngines: readonly Engine[] = engines.filter((e) => !e.skip);

export interface ContractContext {
  readonly engine: Engine;
  /** The current test's store: fresh and empty for every test. */
  store(): Store;
  /** Durable engines: closes the current store, opens the same data again and returns it. */
  reopen(): Promise<Store>;
  /** The current store's data at rest; undefined when the engine cannot show it. */
  rawBytes(): Promise<Buffer | undefined>;
  /** Shorthand for `store().transaction(work)`. */
  tx<T>(work: (tx: TxStores) => Promise<T>): Promise<T>;
  /**
   * Declares a test of this engine: node:test's `test`, or a visible skip with the engine's reason
   * when the engine is not available here (so a skipped engine's tests are counted, not lost).
   */
  readonly test: typeof nodeTest;
}

/** Declares `body`'s tests once per engine, each test with a fresh store (opened with `options`) that is disposed after it. */
export function contract(title: string, body: (ctx: ContractContext) => void, options?: OpenOptions): void {
  for (const engine of engines) {
    describe(`${title} [${engine.name}]`, () => {
      let current: EngineHandle | undefined;
      const handle = () => {
        if (!current) throw new Error('no store: use it inside a test');
        return current;
      };
      beforeEach(async () => {
        current = await engine.open(options);
      });
      afterEach(async () => {
        await current?.dispose();
        current = undefined;
      });
      body({
        engine,
        store: () => handle().store,
        async reopen() {
          current = await handle().reopen();
          return current.store;
        },
        rawBytes: () => handle().rawBytes(),
        tx: (work) => handle().store.transaction(work),
        test: engineTest(engine),
      });
    });
  }
}

/** node:test's `test` for an engine that runs; for one that is skipped, each test registered as a skip with its reason. */
function engineTest(engine: Engine): typeof nodeTest {
  const reason = engine.skip;
  if (!reason) return nodeTest;
  const skipped = (name?: unknown) => nodeTest(typeof name === 'string' ? name : undefined, { skip: reason });
  return Object.assign(skipped, nodeTest) as unknown as typeof nodeTest;
}
