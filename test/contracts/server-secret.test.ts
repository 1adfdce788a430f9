import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { openPostgresStore, rotatePostgresSecret } from '../../src/storage/postgres/index.js';
import { SecretMismatch } from '../../src/storage/sql/server-secret.js';
import { openDatabase, openSqliteStore, rotateSqliteSecret } from '../../src/storage/sqlite/index.js';
import type { Store } from '../../src/storage/store.js';
import { dropSchema, freshSchema, postgresSkip, testDatabaseUrl, withAdminClient } from './engines.js';
import { accessKey, account, message } from './fixtures.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const S = 'the-secret-the-store-was-made-with-0123456789';
const T = 'another-secret-that-did-not-make-it-9876543210';

/** A durable engine with a way round the store, to write what an earlier release left and read what is at rest. */
interface Place {
  open(secret: string | undefined): Promise<Store>;
  rotate(previous: string | undefined, next: string): Promise<unknown>;
  /** Runs statements outside the store; returns the last one's rows. */
  raw(...statements: string[]): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
}

function sqlitePlace(): Place {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-secret-contract-'));
  const path = join(dir, 'canopy.db');
  return {
    open: async (secret) => (await openSqliteStore({ path, secret })).store,
    rotate: (previous, next) => rotateSqliteSecret(path, previous, next),
    async raw(...statements) {
      const db = openDatabase(path);
      try {
        let rows: Record<string, unknown>[] = [];
        for (const sql of statements) {
          const statement = db.prepare(sql);
          if (statement.reader) rows = statement.all() as Record<string, unknown>[];
          else {
            statement.run();
            rows = [];
          }
        }
        return rows;
      } finally {
        db.close();
      }
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresPlace(url: string): Place {
  const schema = freshSchema('canopy_secret_contract');
  return {
    open: async (secret) => (await openPostgresStore({ url, schema, secret })).store,
    rotate: (previous, next) => rotatePostgresSecret({ url, schema, secret: next }, previous, next),
    raw: (...statements) =>
      withAdminClient(url, async (client) => {
        await client.query(`SET search_path TO ${schema}`);
        let rows: Record<string, unknown>[] = [];
        for (const sql of statements) rows = (await client.query(sql)).rows;
        return rows;
      }),
    dispose: () => dropSchema(url, schema).then(() => undefined),
  };
}

const places: { readonly name: string; readonly make: () => Place; readonly skip: string | false }[] = [
  { name: 'sqlite (file)', make: sqlitePlace, skip: false },
  // Registered without TEST_DATABASE_URL too, as a visible skip.
  { name: 'postgres', make: () => postgresPlace(testDatabaseUrl ?? ''), skip: postgresSkip },
];

const owner = account();
const key = accessKey(owner.id, { secret: 'AccessKeySecretOfTheSecretTests0' });
const waiting = message({ accountId: owner.id, code: '314159' });

/** A store with an account, its key and a code waiting in the outbox; closed. */
async function seed(place: Place, secret: string | undefined): Promise<void> {
  const store = await place.open(secret);
  await store.transaction(async (tx) => {
    await tx.accounts.insert(owner);
    await tx.accessKeys.insert(key);
    await tx.outbox.enqueue(waiting);
  });
  await store.close();
}

/** What an earlier release left: no check value, the outbox code in clear. */
const AS_EARLIER_RELEASE = ["DELETE FROM settings WHERE key = 'secret_check'", "UPDATE outbox SET code = '314159'"];

async function read(store: Store) {
  const result = await store.transaction(async (tx) => ({
    secret: (await tx.accessKeys.get(key.id))?.secret,
    code: (await tx.outbox.list({}, 10))[0]?.code,
  }));
  await store.close();
  return result;
}

const refused = (secret: string) => (error: unknown) => {
  assert.ok(error instanceof SecretMismatch, String(error));
  assert.match(error.message, /^CANOPY_SECRET does not match/);
  assert.equal(error.message.includes(secret) || error.message.includes(S), false, 'no secret in the message');
  return true;
};

for (const { name, make, skip } of places) {
  describeUnlessSkipped(`server secret check value and rotation [${name}]`, { skip }, () => {
    let place: Place;
    beforeEach(() => {
      place = make();
    });
    afterEach(() => place.dispose());

    test('another secret is refused at open, naming CANOPY_SECRET and no secret', async () => {
      await seed(place, S);
      await assert.rejects(place.open(T), refused(T));
      assert.deepEqual(await read(await place.open(S)), { secret: key.secret, code: waiting.code });
    });

    test('a store made with CANOPY_SECRET refuses to start without one, and generates no secret into it', async () => {
      await seed(place, S);
      await assert.rejects(place.open(undefined), (error: Error) => refused(S)(error) && /\(it is unset\)/.test(error.message));
      assert.deepEqual(await place.raw("SELECT key FROM settings WHERE key = 'server_secret'"), []);
    });

    test('a store of an earlier release: the right secret records the check value and seals the codes left in clear', async () => {
      await seed(place, S);
      await place.raw(...AS_EARLIER_RELEASE);
      assert.deepEqual(await read(await place.open(S)), { secret: key.secret, code: waiting.code });
      const [row] = await place.raw('SELECT code FROM outbox');
      assert.match(String(row!.code), /^v1:/, 'sealed at the first start of this release');
      assert.equal((await place.raw("SELECT key FROM settings WHERE key = 'secret_check'")).length, 1);
    });

    test('a store of an earlier release: a secret that does not open its AccessKey secrets is refused and nothing recorded', async () => {
      await seed(place, S);
      await place.raw(...AS_EARLIER_RELEASE);
      await assert.rejects(place.open(T), refused(T));
      assert.deepEqual(await place.raw("SELECT key FROM settings WHERE key = 'secret_check'"), []);
      assert.deepEqual(await read(await place.open(S)), { secret: key.secret, code: waiting.code });
    });

    test('rotation re-seals keys and outbox under the new secret; the old one is refused afterwards', async () => {
      await seed(place, S);
      await assert.rejects(place.rotate(T, `${T}-next`), /^SecretMismatch: CANOPY_PREVIOUS_SECRET does not match/);
      await assert.rejects(place.rotate(S, S), /CANOPY_SECRET: the new secret is the one in use/);
      assert.deepEqual(await place.rotate(S, T), { accessKeys: 1, outbox: 1 });
      await assert.rejects(place.open(S), refused(S));
      assert.deepEqual(await read(await place.open(T)), { secret: key.secret, code: waiting.code });
    });

    test('rotation from the secret emulator mode generated: CANOPY_SECRET takes over and the generated one is removed', async () => {
      await seed(place, undefined);
      assert.equal((await place.raw("SELECT key FROM settings WHERE key = 'server_secret'")).length, 1);
      await place.rotate(undefined, T);
      assert.deepEqual(await place.raw("SELECT key FROM settings WHERE key = 'server_secret'"), []);
      await assert.rejects(place.open(undefined), /\(it is unset\)/);
      assert.deepEqual(await read(await place.open(T)), { secret: key.secret, code: waiting.code });
    });
  });
}
