import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { dropSchema, freshSchema, testDatabaseUrl } from '../contracts/engines.js';
import { engineSkip, RACE_ENGINES, type RaceEngine } from '../helpers/harness.js';
import { admin, type Caller, killAll, rpc, type ServerProcess, startServer } from './server-process.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const PHONE = '1-2025550123';
const TRIALS = 8;
const wrongOf = (code: string) => (code === '000000' ? '111111' : '000000');

/** Two `canopy serve` processes on one store (one SQLite file, or one PostgreSQL schema), and a reader of its codes. */
interface Instances {
  readonly servers: ServerProcess[];
  /** Tries taken on the account's EnableRD code, read from the store itself. */
  attempts(accountId: string): Promise<number>;
  close(): Promise<void>;
}

async function twoInstances(engine: RaceEngine): Promise<Instances> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-budget-'));
    // One after the other: the first creates the file and its schema.
    const servers = await (async () => [await startServer(dir), await startServer(dir)])().catch(async (error: unknown) => {
      await killAll();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    });
    const db = new Database(join(dir, 'canopy.db'), { readonly: true });
    const read = db.prepare("SELECT attempts FROM verification_codes WHERE account_id = ? AND purpose = 'EnableRD'").pluck();
    return {
      servers,
      attempts: async (accountId) => read.get(accountId) as number,
      async close() {
        db.close();
        await killAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = freshSchema('canopy_budget');
  const env = { DATABASE_URL: testDatabaseUrl!, CANOPY_DATABASE_SCHEMA: schema };
  // Started together: migrations run under an advisory lock. If one fails, the other must not outlive the test.
  const servers = await Promise.all([startServer('', env), startServer('', env)]).catch(async (error: unknown) => {
    await killAll();
    await dropSchema(testDatabaseUrl!, schema);
    throw error;
  });
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  return {
    servers,
    async attempts(accountId) {
      const sql = `SELECT attempts FROM ${schema}.verification_codes WHERE account_id = $1 AND purpose = 'EnableRD'`;
      return (await client.query(sql, [accountId])).rows[0].attempts;
    },
    async close() {
      await client.end();
      await killAll();
      await dropSchema(testDatabaseUrl!, schema);
    },
  };
}

for (const engine of RACE_ENGINES) {
  describeUnlessSkipped(`the wrong-try budgets across two instances (${engine})`, { skip: engineSkip(engine), timeout: 180_000 }, () => {
    let instances: Instances;
    before(async () => {
      instances = await twoInstances(engine);
    });
    after(() => instances?.close());

    const port = (i: number) => instances.servers[i % 2]!.port;
    const newCaller = async (): Promise<Caller> => (await admin(port(0), 'POST', '/_canopy/accounts', { securePhone: PHONE })).body;
    const send = async (caller: Caller, i = 0): Promise<string> => {
      const sent = await rpc(port(i), caller, 'SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      const inbox = await admin(port(i), 'GET', `/_canopy/messages?accountId=${caller.accountId}`);
      return inbox.body.messages[0].code;
    };
    const enable = (caller: Caller, code: string, i: number) =>
      rpc(port(i), caller, 'EnableResourceDirectory', {
        EnableMode: 'NewManagementAccount',
        MAName: `budget-${caller.accountId}-${i}@rdadmin.aliyunid.com`,
        VerificationCode: code,
      });
    const refused = (result: { status: number; body: any }) => result.status === 409 && result.body.Code === 'Invalid.VerificationCode';
    const joined = (result: { status: number; body: any }) =>
      result.status === 409 && result.body.Code === 'NotSupport.AccountInAnotherResourceDirectory';

    test(`9 wrong tries recorded, then 5 parallel guesses over both instances, the right one among them: one check passes the hourly budget (${TRIALS} trials)`, async (t) => {
      let accepted = 0;
      for (let trial = 0; trial < TRIALS; trial++) {
        const caller = await newCaller();
        // Nine wrong tries over two codes (a code allows five), then a fresh code with all its tries.
        const first = await send(caller);
        for (let i = 0; i < 5; i++) assert.ok(refused(await enable(caller, wrongOf(first), i)));
        const second = await send(caller);
        for (let i = 0; i < 4; i++) assert.ok(refused(await enable(caller, wrongOf(second), i)));
        const code = await send(caller);

        const guesses = [code, ...Array.from({ length: 4 }, () => wrongOf(code))];
        // The right guess goes out at a different place each trial.
        guesses.push(...guesses.splice(0, trial % guesses.length));
        const results = await Promise.all(guesses.map((guess, i) => enable(caller, guess, i)));
        const right = results[guesses.indexOf(code)]!;
        // A wrong guess answered after the right one finds the caller in the new directory.
        for (const result of results) if (result !== right) assert.ok(refused(result) || joined(result), JSON.stringify(result.body));

        // One more wrong try fits in the budget of ten, so exactly one of the five is checked.
        assert.equal(await instances.attempts(caller.accountId), 1, `trial ${trial}: checks past the budget`);
        if (right.status === 200) {
          accepted++;
          continue;
        }
        assert.ok(refused(right), JSON.stringify(right.body));
        // The wrong guess that was checked spent the budget: a new code is refused even when right.
        assert.ok(refused(await enable(caller, await send(caller, trial), trial + 1)), `trial ${trial}: the budget is spent`);
      }
      // Only for the report: how often the right guess came first.
      t.diagnostic(`right guess accepted in ${accepted} of ${TRIALS} trials`);
    });

    test('40 parallel wrong guesses at one code over both instances: exactly five are checked', async () => {
      const caller = await newCaller();
      const code = await send(caller);
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => enable(caller, wrongOf(code), i)));
      for (const result of results) assert.ok(refused(result), JSON.stringify(result.body));
      assert.equal(await instances.attempts(caller.accountId), 5);
      assert.ok(refused(await enable(caller, code, 0)), 'five wrong tries burned the code');
      // Only those five count against the hour: a new code still works.
      assert.equal((await enable(caller, await send(caller, 1), 1)).status, 200);
    });
  });
}
