import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dropSchema, freshSchema, postgresSkip, testDatabaseUrl, withAdminClient } from '../contracts/engines.js';
import { parseMetrics, metricValue } from '../helpers/prometheus.js';
import {
  engineSkip,
  type Harness,
  models,
  newManager,
  RACE_ENGINES,
  REQUEST_ID,
  sdkClient,
  signedSendCode,
  startServer,
  startServerOn,
  type TestAccount,
} from '../helpers/harness.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const PHONE = '1-2025550123';

/**
 * The store's nonce claim travels with the Action's first statement, so the Action runs before the
 * claim's answer is known (docs/architecture.md, "Round trips on PostgreSQL"). A replay found then
 * must leave no trace of that run: no message, no code replaced, no quota or fault used up; and it
 * must answer SignatureNonceUsed whatever the Action would have answered.
 */
for (const engine of RACE_ENGINES) {
  describeUnlessSkipped(`replays leave no trace (${engine})`, { skip: engineSkip(engine) }, () => {
    let harness: Harness;
    // No delivery poll or retention run inside a test: the round-trip count below is exact.
    before(
      async () => (harness = await startServerOn(engine, { CANOPY_SMS_POLL_MS: '3600000', CANOPY_RETENTION_INTERVAL_SECONDS: '86400' })),
    );
    after(() => harness.close());

    const post = async (request: { path: string; headers: Record<string, string> }) => {
      const response = await fetch(`${harness.url}${request.path}`, { method: 'POST', headers: request.headers });
      return { status: response.status, body: JSON.parse(await response.text()) };
    };
    const messagesOf = async (account: TestAccount) =>
      (await harness.admin('GET', `/_canopy/messages?accountId=${account.accountId}`)).body.messages as { code: string }[];

    test('a replayed send answers SignatureNonceUsed, queues no message and leaves the first code valid', async () => {
      const caller = await harness.createAccount({ enterpriseVerified: true });
      const request = signedSendCode(harness, caller, PHONE);
      assert.equal((await post(request)).status, 200);
      const replay = await post(request);
      assert.equal(replay.status, 400);
      assert.equal(replay.body.Code, 'SignatureNonceUsed');
      assert.match(replay.body.RequestId, REQUEST_ID);
      const messages = await messagesOf(caller);
      assert.equal(messages.length, 1, 'the replay queued no message');
      // The replay's own code, had it been kept, would have replaced this one.
      const dryRun = await sdkClient(harness, caller).enableResourceDirectory(
        new models.EnableResourceDirectoryRequest({
          enableMode: 'NewManagementAccount',
          MAName: `replay-${engine}@rdadmin.aliyunid.com`,
          MASecureMobilePhone: PHONE,
          verificationCode: messages[0]!.code,
          dryRun: true,
        }),
      );
      assert.equal(dryRun.statusCode, 200);
    });

    test('a replay of a request the Action refused before reading anything answers SignatureNonceUsed', async () => {
      const caller = await harness.createAccount();
      // Refused by the phone check, before the Action's first statement.
      const request = signedSendCode(harness, caller, '1-12');
      const first = await post(request);
      assert.equal(first.status, 400);
      assert.equal(first.body.Code, 'InvalidParameter');
      const replay = await post(request);
      assert.equal(replay.status, 400);
      assert.equal(replay.body.Code, 'SignatureNonceUsed');
    });

    test('a replay uses up no fault', async () => {
      const caller = await harness.createAccount();
      const fault = {
        action: 'SendVerificationCodeForEnableRD',
        code: 'SendValidateCodeExceedsLimitForAccount',
        accountId: caller.accountId,
      };
      assert.equal((await harness.admin('POST', '/_canopy/faults', { ...fault, times: 1 })).status, 201);
      const request = signedSendCode(harness, caller, PHONE);
      const replayed = signedSendCode(harness, caller, PHONE);
      assert.equal((await post(replayed)).body.Code, 'SendValidateCodeExceedsLimitForAccount', 'the fault answers the first call');
      assert.equal((await harness.admin('POST', '/_canopy/faults', { ...fault, times: 1 })).status, 201);
      assert.equal((await post(replayed)).body.Code, 'SignatureNonceUsed');
      assert.equal((await post(request)).body.Code, 'SendValidateCodeExceedsLimitForAccount', 'the fault was still there');
      assert.equal((await messagesOf(caller)).length, 0);
    });

    test('twenty copies of one signed send at once: one is served, nineteen are replays, one message', async () => {
      const caller = await harness.createAccount();
      const request = signedSendCode(harness, caller, PHONE);
      const answers = await Promise.all(Array.from({ length: 20 }, () => post(request)));
      assert.deepEqual(
        answers.map((a) => a.body.Code ?? 'ok').sort(),
        ['ok', ...Array.from({ length: 19 }, () => 'SignatureNonceUsed')].sort(),
      );
      assert.equal((await messagesOf(caller)).length, 1);
    });

    if (engine === 'postgres') {
      test('one send costs 3 round trips to PostgreSQL, counted by the server', async () => {
        // The send's own: its message would be handed to the dispatcher, whose recording of the
        // delivery is a transaction of its own. Stopped, the dispatcher leaves it to its lease.
        await harness.canopy.dispatcher.stop();
        const caller = await harness.createAccount();
        const trips = async () => {
          const response = await fetch(`${harness.url}/_canopy/metrics`);
          return metricValue(parseMetrics(await response.text()), 'canopy_store_round_trips_total') ?? 0;
        };
        // A scrape reads the store too (the outbox gauges, and the table sizes once a minute): its own
        // cost is measured once two scrapes in a row cost the same, and taken off.
        let before = await trips();
        let scrape = -1;
        for (let i = 0; i < 10; i++) {
          const now = await trips();
          const cost = now - before;
          before = now;
          if (cost === scrape) break;
          scrape = cost;
        }
        const start = await trips();
        assert.equal(start - before, scrape, 'a scrape costs the same each time');
        assert.equal((await post(signedSendCode(harness, caller, PHONE))).status, 200);
        const end = await trips();
        assert.equal(end - start - scrape, 3, 'key lookup with the clock; nonce, membership and quota; code, message and COMMIT');
      });
    }
  });
}

// A read keeps its nonce in the server's memory before the store has answered anything; should the
// store run the transaction again, the second run must not take that very nonce for a replay.
describeUnlessSkipped('a read that PostgreSQL runs again is not its own replay', { skip: postgresSkip }, () => {
  const schema = freshSchema('canopy_read_again');
  let harness: Harness;
  before(async () => {
    // One connection, so the second read runs on the connection that prepared the first one's statements.
    harness = await startServer({
      DATABASE_URL: testDatabaseUrl!,
      CANOPY_DATABASE_SCHEMA: schema,
      CANOPY_STORE: '',
      CANOPY_DATABASE_POOL_SIZE: '1',
      CANOPY_SMS_POLL_MS: '3600000',
      CANOPY_RETENTION_INTERVAL_SECONDS: '86400',
    });
  });
  after(async () => {
    await harness.close();
    await dropSchema(testDatabaseUrl!, schema);
  });

  test('a read whose prepared statement a migration made stale runs again and is answered', async () => {
    const { client, rdId } = await newManager(harness);
    assert.equal((await client.getResourceDirectory()).body!.resourceDirectory!.resourceDirectoryId, rdId);
    // A rolling upgrade changes the columns of a table the read selects with `*` (the directory row):
    // PostgreSQL refuses the statement prepared before, and the store runs the whole transaction again
    // on a fresh connection.
    await withAdminClient(testDatabaseUrl!, (c) => c.query(`ALTER TABLE ${schema}.directories ADD COLUMN added_by_a_migration TEXT`));
    assert.equal((await client.getResourceDirectory()).body!.resourceDirectory!.resourceDirectoryId, rdId);
    const samples = parseMetrics(await (await fetch(`${harness.url}/_canopy/metrics`)).text());
    assert.equal(metricValue(samples, 'canopy_store_transaction_retries_total', { reason: 'conflict' }), 1, 'the read ran twice');
  });
});
