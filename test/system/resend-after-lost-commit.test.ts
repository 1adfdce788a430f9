import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dropSchema, freshSchema, postgresSkip, testDatabaseUrl } from '../contracts/engines.js';
import { signedSendCode, startServer, type Harness } from '../helpers/harness.js';
import { http } from './server-process.js';
import { startProxy, type TcpProxy } from './tcp-proxy.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const PHONE = '1-2025550123';

// Without TEST_DATABASE_URL these suites are registered as visible skips.
describeUnlessSkipped('an RPC request whose COMMIT lost the connection, resent as it was', { skip: postgresSkip, timeout: 60_000 }, () => {
  const schema = freshSchema('canopy_resend');
  let proxy: TcpProxy;
  let harness: Harness;
  before(async () => {
    const target = new URL(testDatabaseUrl!);
    proxy = await startProxy(Number(target.port || 5432), target.hostname);
    target.port = String(proxy.port);
    harness = await startServer({ DATABASE_URL: target.toString(), CANOPY_DATABASE_SCHEMA: schema, CANOPY_STORE: '' });
  });
  after(async () => {
    await harness.close();
    await proxy.close();
    await dropSchema(testDatabaseUrl!, schema);
  });

  const cases = [
    { fate: 'committed', resent: '400 SignatureNonceUsed', meaning: 'was kept: the resend is refused as a replay' },
    { fate: 'lost', resent: '200 OK', meaning: 'was not kept: the resend runs it' },
  ] as const;
  for (const { fate, resent, meaning } of cases) {
    test(`503 ServiceUnavailable.OutcomeUnknown; the send ${meaning}, and exactly one code goes out`, async () => {
      const caller = await harness.createAccount();
      // One signed request, byte for byte the same both times (same SignatureNonce).
      const { path, headers } = signedSendCode(harness, caller, PHONE);
      const send = async () => {
        const answer = await http(harness.port, 'POST', path, headers);
        return { line: `${answer.status} ${answer.body.Code ?? 'OK'}`, body: answer.body };
      };

      const fault = proxy.failNextCommit('INSERT INTO nonces', fate);
      const first = await send();
      await fault;
      assert.equal(first.line, '503 ServiceUnavailable.OutcomeUnknown', JSON.stringify(first.body));
      assert.match(first.body.Message, /may or may not have taken effect/);
      assert.match(first.body.RequestId, /^[0-9A-F-]{36}$/);

      assert.equal((await send()).line, resent);
      assert.equal((await send()).line, '400 SignatureNonceUsed', 'and once kept, never again');
      const inbox = await harness.admin('GET', `/_canopy/messages?accountId=${caller.accountId}`);
      assert.equal(inbox.body.messages.length, 1, 'one code sent, not two');
    });
  }
});
