import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { dropSchema, freshSchema, postgresSkip, testDatabaseUrl } from '../contracts/engines.js';
import { admin, http, killAll, rpc, startServer, type Caller, type ServerProcess } from './server-process.js';
import { startProxy, type TcpProxy } from './tcp-proxy.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const PHONE = '1-2025550123';
/** Trust authentication never asks for it, so it only travels in DATABASE_URL: it must never be logged. */
const PASSWORD = 'pw-never-logged-7Hq2';

/** Polls GET /_canopy/ready until it answers `status`; returns the last answer. */
async function readyBecomes(server: ServerProcess, status: number, withinMs = 30_000): Promise<{ status: number; body: any }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const answer = await http(server.port, 'GET', '/_canopy/ready');
    if (answer.status === status) return answer;
    if (Date.now() > deadline) assert.fail(`ready stayed ${answer.status} ${JSON.stringify(answer.body)}:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Without TEST_DATABASE_URL these suites are registered as visible skips.
describeUnlessSkipped('starting while PostgreSQL is not reachable', { skip: postgresSkip, timeout: 120_000 }, () => {
  const schemas: string[] = [];
  const proxies: TcpProxy[] = [];
  after(async () => {
    await killAll();
    for (const proxy of proxies) await proxy.close();
    for (const schema of schemas) await dropSchema(testDatabaseUrl!, schema);
  });

  /** A proxy in front of PostgreSQL that refuses connections until `resume`, and the URL through it. */
  async function closedDatabase(): Promise<{ proxy: TcpProxy; env: Record<string, string> }> {
    const target = new URL(testDatabaseUrl!);
    const proxy = await startProxy(Number(target.port || 5432), target.hostname);
    proxies.push(proxy);
    await proxy.cut();
    const url = new URL(testDatabaseUrl!);
    url.port = String(proxy.port);
    url.password = PASSWORD;
    const schema = freshSchema('canopy_startup');
    schemas.push(schema);
    return { proxy, env: { DATABASE_URL: url.toString(), CANOPY_DATABASE_SCHEMA: schema } };
  }

  test('the process starts, is alive but not ready, answers 503 with a RequestId, then serves once PostgreSQL is there', async () => {
    const { proxy, env } = await closedDatabase();
    const server = await startServer('', env);

    assert.equal((await http(server.port, 'GET', '/_canopy/health')).status, 200, 'alive');
    const notReady = await http(server.port, 'GET', '/_canopy/ready');
    assert.equal(notReady.status, 503);
    assert.deepEqual(notReady.body, { status: 'not-ready', reason: 'the store is not reachable yet; reconnecting' });

    const refusedAdmin = await admin(server.port, 'POST', '/_canopy/accounts', { securePhone: PHONE });
    assert.equal(refusedAdmin.status, 503, JSON.stringify(refusedAdmin.body));
    assert.equal(refusedAdmin.body.code, 'ServiceUnavailable');
    assert.match(refusedAdmin.body.requestId, /^[0-9A-F-]{36}$/);
    const stranger: Caller = { accountId: '1', accessKeyId: 'LTAI5tNotYetKnown000000', accessKeySecret: 'not-yet-known-secret' };
    const refusedRpc = await rpc(server.port, stranger, 'GetResourceDirectory');
    assert.equal(refusedRpc.status, 503, JSON.stringify(refusedRpc.body));
    assert.equal(refusedRpc.body.Code, 'ServiceUnavailable');
    assert.match(refusedRpc.body.RequestId, /^[0-9A-F-]{36}$/);

    await proxy.resume();
    assert.deepEqual((await readyBecomes(server, 200)).body, { status: 'ready' });
    const caller = (await admin(server.port, 'POST', '/_canopy/accounts', { securePhone: PHONE })).body as Caller;
    const sent = await rpc(server.port, caller, 'SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));

    // Lost again later: not ready while the store does not answer, ready again once it does.
    await proxy.cut();
    assert.deepEqual((await readyBecomes(server, 503)).body, { status: 'not-ready', reason: 'the store does not answer' });
    await proxy.resume();
    await readyBecomes(server, 200);

    const output = server.output();
    assert.match(output, /the store is not reachable; not ready, retrying/);
    assert.ok(!output.includes(PASSWORD), 'the database password is never logged');
    assert.ok(!output.includes('connectionParameters'), "a failed idle connection is logged without pg's client");
  });

  test('serve --workers 2 starts too, and every worker serves once PostgreSQL is there', async () => {
    const { proxy, env } = await closedDatabase();
    const server = await startServer('', env, ['--workers', '2']);
    assert.equal((await http(server.port, 'GET', '/_canopy/ready')).status, 503);
    await proxy.resume();
    await readyBecomes(server, 200);
    // New connections are spread over the workers: each of them must be ready by now or soon.
    for (let i = 0; i < 6; i++) await readyBecomes(server, 200);
    const caller = (await admin(server.port, 'POST', '/_canopy/accounts', { securePhone: PHONE })).body as Caller;
    for (let i = 0; i < 4; i++) {
      const answer = await rpc(server.port, caller, 'GetResourceDirectory');
      assert.equal(answer.body.Code, 'ResourceDirectoryNotInUse', JSON.stringify(answer.body));
    }
    assert.ok(!server.output().includes(PASSWORD), 'the database password is never logged');
  });
});
