import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { admin, killAll, rpc, startServer, type Caller, type ServerProcess } from './server-process.js';
import { startProxy, type TcpProxy } from './tcp-proxy.js';
import { postgresSkip } from '../contracts/engines.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';
import { cliCommand } from '../helpers/cli-command.js';

const DATABASE_URL = process.env['TEST_DATABASE_URL'];
const PHONE = '1-2025550123';

/** A schema of its own for every test file run, dropped afterwards. */
function newSchema(): string {
  return `canopy_sys_${process.pid}_${randomBytes(4).toString('hex')}`;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

const tally = (results: { status: number; body: any }[]) => {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.status === 200 ? 'OK' : `${r.status} ${r.body?.Code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

// Without TEST_DATABASE_URL this suite is registered as a visible skip.
describeUnlessSkipped('three instances sharing one PostgreSQL', { skip: postgresSkip, timeout: 120_000 }, () => {
  const schema = newSchema();
  let servers: ServerProcess[] = [];
  let caller: Caller;
  before(async () => {
    const env = { DATABASE_URL: DATABASE_URL!, CANOPY_DATABASE_SCHEMA: schema };
    // Started together: migrations run under an advisory lock, so they must not race.
    servers = await Promise.all([startServer('', env), startServer('', env), startServer('', env)]);
    caller = (await admin(servers[0]!.port, 'POST', '/_canopy/accounts', { securePhone: PHONE })).body;
  });
  after(async () => {
    await killAll();
    await dropSchema(schema);
  });

  test('300 concurrent sends for one account over three instances: exactly 100 succeed', async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        rpc(servers[i % 3]!.port, caller, 'SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE }),
      ),
    );
    assert.deepEqual(tally(results), { OK: 100, '409 SendValidateCodeExceedsLimitForAccount': 200 });
  });

  test("a write's nonce used on one instance is refused on another; a read's by the instance that answered it", async () => {
    const { signV3 } = await import('../../src/protocol/sign-request.js');
    const { http } = await import('./server-process.js');
    const sign = (action: string, params: Record<string, string>) =>
      signV3({
        host: 'canopy.test',
        action,
        version: '2020-03-31',
        params,
        accessKeyId: caller.accessKeyId,
        accessKeySecret: caller.accessKeySecret,
      });
    // A write the action refuses still uses its nonce, in the store every instance shares.
    const write = sign('CreateFolder', { FolderName: 'no-directory' });
    const first = await http(servers[0]!.port, 'POST', write.path, write.headers);
    assert.equal(first.body.Code, 'EntityNotExists.ResourceDirectory');
    const replay = await http(servers[1]!.port, 'POST', write.path, write.headers);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.Code, 'SignatureNonceUsed');
    // A read's nonce lives in the memory of the instance that answered (docs/api.md, Replays).
    const read = sign('GetResourceDirectory', {});
    assert.equal((await http(servers[0]!.port, 'POST', read.path, read.headers)).body.Code, 'ResourceDirectoryNotInUse');
    assert.equal((await http(servers[0]!.port, 'POST', read.path, read.headers)).body.Code, 'SignatureNonceUsed');
    assert.equal((await http(servers[1]!.port, 'POST', read.path, read.headers)).body.Code, 'ResourceDirectoryNotInUse');
  });

  test('20 concurrent enables with one code over three instances create exactly one directory', async () => {
    const other = (await admin(servers[1]!.port, 'POST', '/_canopy/accounts', { securePhone: PHONE })).body as Caller;
    assert.equal((await rpc(servers[2]!.port, other, 'SendVerificationCodeForEnableRD', {})).status, 200);
    const inbox = await admin(servers[0]!.port, 'GET', `/_canopy/messages?accountId=${other.accountId}`);
    const code = inbox.body.messages[0].code;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rpc(servers[i % 3]!.port, other, 'EnableResourceDirectory', {
          EnableMode: 'NewManagementAccount',
          MAName: `pg-race-${i}@rdadmin.aliyunid.com`,
          VerificationCode: code,
        }),
      ),
    );
    const counts = tally(results);
    assert.equal(counts['OK'], 1, JSON.stringify(counts));
    for (const key of Object.keys(counts)) {
      if (key !== 'OK') assert.match(key, /^409 (NotSupport\.AccountInAnotherResourceDirectory|Invalid\.VerificationCode)$/);
    }
    const accounts = (await admin(servers[2]!.port, 'GET', '/_canopy/accounts')).body.accounts;
    assert.equal(accounts.filter((a: any) => a.accountName.startsWith('pg-race-')).length, 1);
  });
});

describeUnlessSkipped('serve --workers on PostgreSQL, and canopy migrate', { skip: postgresSkip, timeout: 120_000 }, () => {
  const schema = newSchema();
  after(async () => {
    await killAll();
    await dropSchema(schema);
  });

  test('migrate prepares the schema once; two workers keep the quota exact; SIGTERM exits 0', async () => {
    const env = { DATABASE_URL: DATABASE_URL!, CANOPY_DATABASE_SCHEMA: schema };
    const { execFile } = await import('node:child_process');
    const migrate = () =>
      new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [...cliCommand(), 'migrate'], { env: { ...process.env, ...env } }, (error, stdout) =>
          error ? reject(error) : resolve(stdout),
        ),
      );
    assert.match(await migrate(), /^[1-9]\d* migration\(s\) applied to PostgreSQL schema /);
    assert.match(await migrate(), /^0 migration\(s\) applied/);

    const server = await startServer('', env, ['--workers', '2']);
    const caller = (await admin(server.port, 'POST', '/_canopy/accounts', { securePhone: PHONE })).body as Caller;
    const results = await Promise.all(
      Array.from({ length: 150 }, () => rpc(server.port, caller, 'SendVerificationCodeForEnableRD', { SecureMobilePhone: PHONE })),
    );
    assert.deepEqual(tally(results), { OK: 100, '409 SendValidateCodeExceedsLimitForAccount': 50 });
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    assert.equal(await exited, 0, server.output());
  });
});

describeUnlessSkipped('PostgreSQL connections cut mid-run', { skip: postgresSkip, timeout: 120_000 }, () => {
  const schema = newSchema();
  let proxy: TcpProxy;
  let server: ServerProcess;
  before(async () => {
    const url = new URL(DATABASE_URL!);
    proxy = await startProxy(Number(url.port || 5432), url.hostname);
    url.port = String(proxy.port);
    server = await startServer('', { DATABASE_URL: url.toString(), CANOPY_DATABASE_SCHEMA: schema });
  });
  after(async () => {
    await killAll();
    await proxy.close();
    await dropSchema(schema);
  });

  test('clients get 503 with a RequestId, the instance stays up, service resumes, nothing acknowledged is lost', async () => {
    const callers: Caller[] = [];
    for (let i = 0; i < 6; i++) callers.push((await admin(server.port, 'POST', '/_canopy/accounts', { securePhone: PHONE })).body);
    const acknowledged = new Set<string>();
    const send = async (caller: Caller) => {
      const result = await rpc(server.port, caller, 'SendVerificationCodeForEnableRD', {});
      if (result.status === 200) acknowledged.add(caller.accountId);
      return result;
    };
    for (const caller of callers.slice(0, 3)) assert.equal((await send(caller)).status, 200);

    await proxy.cut();
    const started = Date.now();
    const during = await Promise.all(callers.slice(3).map(send));
    assert.ok(Date.now() - started < 15_000, 'answers come within a bounded time');
    for (const result of during) {
      assert.equal(result.status, 503, JSON.stringify(result.body));
      assert.equal(result.body.Code, 'ServiceUnavailable');
      assert.match(result.body.RequestId, /^[0-9A-F-]{36}$/);
    }
    assert.equal((await admin(server.port, 'GET', '/_canopy/health')).status, 200, 'the instance is still up');

    await proxy.resume();
    const deadline = Date.now() + 20_000;
    let resumed = false;
    while (!resumed && Date.now() < deadline) {
      resumed = (await send(callers[3]!)).status === 200;
      if (!resumed) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(resumed, 'service resumes by itself once the database is reachable');
    for (const caller of callers.slice(4)) assert.equal((await send(caller)).status, 200);

    // Every acknowledged send left a code that works.
    for (const [i, caller] of callers.entries()) {
      if (!acknowledged.has(caller.accountId)) continue;
      const inbox = await admin(server.port, 'GET', `/_canopy/messages?accountId=${caller.accountId}`);
      const enabled = await rpc(server.port, caller, 'EnableResourceDirectory', {
        EnableMode: 'NewManagementAccount',
        MAName: `cut-${i}@rdadmin.aliyunid.com`,
        VerificationCode: inbox.body.messages[0].code,
      });
      assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
    }
    assert.equal(acknowledged.size, 6);
  });
});
