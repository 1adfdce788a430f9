import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dropSchema, freshSchema, testDatabaseUrl } from '../contracts/engines.js';
import { engineSkip } from '../helpers/harness.js';
import { holdConnection } from '../helpers/raw-http.js';
import { admin, http, killAll, rpc, startServer, type HttpResult, type ServerProcess } from './server-process.js';

const dirs: string[] = [];
after(async () => {
  await killAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-shutdown-'));
  dirs.push(dir);
  return dir;
}

/**
 * The child's exit code, or a failure once `limitMs` has passed: a liveness bound far above the
 * grace (the process must exit at all), not a measure of how fast it does.
 */
function exitOf(server: ServerProcess, limitMs: number): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve(server.child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running ${limitMs} ms after SIGTERM:\n${server.output()}`)), limitMs);
    server.child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/**
 * startServer on a port that only this test's child answers: a free port can be taken by another
 * test's server before the child binds it, and its health check would then pass for the wrong process.
 */
async function ownServer(env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const hostId = `shutdown-test-${randomUUID()}`;
    const server = await startServer(dataDir(), { ...env, CANOPY_HOST_ID: hostId }, args).catch((error: Error) => error);
    if (!(server instanceof Error)) {
      const probe = await http(server.port, 'GET', '/').catch(() => undefined);
      if (probe?.body?.HostId === hostId) return server;
      await server.kill();
    }
    assert.ok(attempt < 3, `no server of this test could keep a port: ${server instanceof Error ? server.message : server.output()}`);
  }
}

/** Polls `done` until it holds; fails after a generous 30 s, with the server's output. */
async function until(what: string, server: ServerProcess, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await done())) {
    assert.ok(Date.now() < deadline, `no ${what} within 30 s:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A request whose headers the server has parsed (it answered `100 Continue`) and whose body stops
 * halfway: the client the issue saw hold a server past SIGTERM.
 */
async function unfinishedRequest(port: number) {
  const held = holdConnection(
    port,
    'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n',
  );
  await held.received('HTTP/1.1 100 Continue\r\n\r\n');
  held.socket.write('Action=Get');
  return held;
}

for (const workers of [1, 2]) {
  test(`serve${workers > 1 ? ' --workers 2' : ''}: SIGTERM with a client holding an unfinished request drains for the grace, closes it and exits 0`, {
    timeout: 90_000,
  }, async () => {
    // The request deadline is far beyond the test: only the drain can end that request.
    const server = await ownServer(
      { CANOPY_SHUTDOWN_GRACE_MS: '1000', CANOPY_REQUEST_TIMEOUT_MS: '600000', CANOPY_HEADERS_TIMEOUT_MS: '600000' },
      workers > 1 ? ['--workers', String(workers)] : [],
    );
    const held = await unfinishedRequest(server.port);
    server.child.kill('SIGTERM');
    assert.equal(await exitOf(server, 30_000), 0, server.output());
    await held.closed;
  });
}

test('SIGTERM answers a request that was complete before it, then exits 0 (PostgreSQL)', {
  skip: engineSkip('postgres'),
  timeout: 90_000,
}, async () => {
  const schema = freshSchema('canopy_shutdown');
  const server = await ownServer({
    DATABASE_URL: testDatabaseUrl!,
    CANOPY_DATABASE_SCHEMA: schema,
    CANOPY_SHUTDOWN_GRACE_MS: '60000',
    LOG_LEVEL: 'info',
  });
  const caller = (await admin(server.port, 'POST', '/_canopy/accounts', { securePhone: '1-2025550123' })).body;
  assert.equal((await rpc(server.port, caller, 'InitResourceDirectory')).status, 200);
  const locker = new pg.Client({ connectionString: testDatabaseUrl });
  // Outside the locker's transaction: inside one, PostgreSQL keeps the first pg_stat_activity it read
  // until the end, so a backend the server connected after that first look would never show.
  const watcher = new pg.Client({ connectionString: testDatabaseUrl });
  await locker.connect();
  await watcher.connect();
  try {
    // The request waits on this lock inside PostgreSQL: in flight, complete, unanswered.
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${schema}.access_keys IN ACCESS EXCLUSIVE MODE`);
    const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const blockedByLocker = async () =>
      ((await watcher.query('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [lockerPid])).rowCount ?? 0) > 0;
    // The store's statement timeout (5 s) ends the wait; a machine too busy to see it in time tries again.
    let held: Promise<HttpResult> | undefined;
    for (let attempt = 1; !held; attempt++) {
      let settled = false;
      const sentAt = Date.now();
      const request = rpc(server.port, caller, 'GetResourceDirectory');
      request.then(
        () => (settled = true),
        () => (settled = true),
      );
      await until('a request waiting on the lock', server, async () => settled || (await blockedByLocker()));
      if (!settled) held = request;
      else {
        const answer = JSON.stringify(await request.catch(String));
        const after = `${Date.now() - sentAt} ms`;
        assert.ok(attempt < 5, `the request never waited on the lock: ${answer} after ${after}\n${server.output()}`);
      }
    }

    server.child.kill('SIGTERM');
    // Stopped accepting: a new connection is refused while the request above is still held.
    await until('refusal of new connections', server, () =>
      http(server.port, 'GET', '/_canopy/health').then(
        () => false,
        () => true,
      ),
    );
    await locker.query('COMMIT');

    // Answered in full (http() rejects a cut response), or refused in the envelope when the lock
    // outlasted the store's statement timeout on a slow machine.
    const answer = await held!;
    if (answer.status !== 200) assert.equal(answer.body?.Code, 'ServiceUnavailable', JSON.stringify(answer.body));
    assert.equal(await exitOf(server, 30_000), 0, server.output());
  } finally {
    await locker.end();
    await watcher.end();
    // A server that failed to exit must not hold the schema's tables while it is dropped.
    await server.kill();
    await dropSchema(testDatabaseUrl!, schema);
  }
});
