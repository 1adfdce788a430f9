import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { dropSchema, freshSchema, postgresSkip, testDatabaseUrl } from '../contracts/engines.js';
import { admin, type Caller, killAll, rpc, startServer } from './server-process.js';
import { stopServer } from './sigterm.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';
import { cliCommand } from '../helpers/cli-command.js';

/**
 * Issue 10, item 5: a store knows which CANOPY_SECRET made it. Another secret stops the server at
 * start, with a message naming the variable, instead of a 500 for every request that names a key;
 * `canopy rotate-secret` moves a store from one secret to another.
 */
const A = 'secret-a-for-the-server-secret-tests-0123';
const B = 'secret-b-for-the-server-secret-tests-4567';
const PHONE = '1-2025550123';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where a store lives: a SQLite data directory, or a PostgreSQL schema. */
interface Place {
  readonly dir: string;
  readonly env: Record<string, string>;
}

/** Runs the CLI with only the given configuration (nothing CANOPY_ from the outer environment). */
function cli(args: string[], place: Place, env: Record<string, string>): Promise<{ code: number; output: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('CANOPY_') && !['DATABASE_URL', 'PORT', 'HOST'].includes(key)),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...cliCommand(), ...args],
      { cwd: ROOT, env: { ...inherited, CANOPY_DATA_DIR: place.dir, LOG_LEVEL: 'warn', ...place.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

/**
 * Starts a server expected to refuse: resolves with its output once it exits. If it starts instead,
 * asks it what a request by `caller` gets (the 500 of the issue) and fails with that.
 */
async function refusedStart(place: Place, env: Record<string, string>, caller: Caller, args: string[] = []): Promise<string> {
  const outcome = await startServer(place.dir, { ...place.env, ...env }, args).then(
    async (server) => {
      const answer = await rpc(server.port, caller, 'GetResourceDirectory');
      await server.kill();
      return { served: `${answer.status} ${answer.body?.Code}` };
    },
    (error: Error) => ({ refused: error.message }),
  );
  assert.ok('refused' in outcome, `the server started with the wrong secret and answered ${'served' in outcome ? outcome.served : ''}`);
  assert.match(outcome.refused, /exited \(2\)/);
  assert.equal(outcome.refused.includes(A) || outcome.refused.includes(B), false, 'no secret in the message');
  return outcome.refused;
}

/** A store made with secret A: an account with a key, and a code waiting in the inbox. */
async function seed(place: Place): Promise<{ caller: Caller; code: string }> {
  const server = await startServer(place.dir, { ...place.env, CANOPY_SECRET: A });
  const caller = (await admin(server.port, 'POST', '/_canopy/accounts', { securePhone: PHONE })).body as Caller;
  assert.equal((await rpc(server.port, caller, 'SendVerificationCodeForEnableRD')).status, 200);
  const code = (await admin(server.port, 'GET', '/_canopy/messages')).body.messages[0].code;
  assert.equal(await stopServer(server), 0, server.output());
  return { caller, code };
}

const places: {
  readonly name: string;
  readonly make: () => Place;
  readonly drop: (place: Place) => Promise<unknown>;
  readonly skip: string | false;
}[] = [
  {
    name: 'SQLite',
    make: () => ({ dir: mkdtempSync(join(tmpdir(), 'canopy-secret-')), env: {} }),
    drop: async (place) => rmSync(place.dir, { recursive: true, force: true }),
    skip: false,
  },
  // Registered without TEST_DATABASE_URL too, as a visible skip.
  {
    name: 'PostgreSQL',
    make: () => ({ dir: '', env: { DATABASE_URL: testDatabaseUrl!, CANOPY_DATABASE_SCHEMA: freshSchema('canopy_secret') } }),
    drop: (place: Place) => dropSchema(testDatabaseUrl!, place.env['CANOPY_DATABASE_SCHEMA']!),
    skip: postgresSkip,
  },
];

for (const { name, make, drop, skip } of places) {
  describeUnlessSkipped(`CANOPY_SECRET check and rotation [${name}]`, { skip, timeout: 180_000 }, () => {
    const made: Place[] = [];
    const place = () => {
      const p = make();
      made.push(p);
      return p;
    };
    after(async () => {
      await killAll();
      for (const p of made) await drop(p);
    });

    test('a store made with one secret refuses to start with another, naming CANOPY_SECRET, and never answers', async () => {
      const p = place();
      const { caller } = await seed(p);
      const message = await refusedStart(p, { CANOPY_SECRET: B }, caller);
      assert.match(message, /CANOPY_SECRET does not match/);
      // Emulator mode without CANOPY_SECRET would generate one into the store: not the one it was made with.
      assert.match(await refusedStart(p, {}, caller), /CANOPY_SECRET does not match .*\(it is unset\)/);
      if (name === 'SQLite') {
        const workers = await refusedStart(p, { CANOPY_SECRET: B }, caller, ['--workers', '2']);
        assert.equal(workers.match(/CANOPY_SECRET does not match/g)?.length, 1, 'the primary refuses once, before any worker starts');
      }
      // The right secret still works, so nothing was written by the refused starts.
      const server = await startServer(p.dir, { ...p.env, CANOPY_SECRET: A });
      assert.equal((await rpc(server.port, caller, 'GetResourceDirectory')).body.Code, 'ResourceDirectoryNotInUse');
      await stopServer(server);
    });

    test('rotate-secret re-seals under the new secret: old keys still sign, the old secret is refused', async () => {
      const p = place();
      const { caller, code } = await seed(p);

      const wrong = await cli(['rotate-secret'], p, { CANOPY_SECRET: B, CANOPY_PREVIOUS_SECRET: `${B}-not-it` });
      assert.equal(wrong.code, 2, wrong.output);
      assert.match(wrong.output, /CANOPY_PREVIOUS_SECRET does not match/);
      const rotated = await cli(['rotate-secret'], p, { CANOPY_SECRET: B, CANOPY_PREVIOUS_SECRET: A });
      assert.equal(rotated.code, 0, rotated.output);
      assert.match(rotated.output, /re-sealed 1 AccessKey secret\(s\) and 1 outbox message\(s\)/);
      assert.equal(rotated.output.includes(A) || rotated.output.includes(B), false);

      assert.match(await refusedStart(p, { CANOPY_SECRET: A }, caller), /CANOPY_SECRET does not match/);
      const again = await cli(['rotate-secret'], p, { CANOPY_SECRET: B, CANOPY_PREVIOUS_SECRET: A });
      assert.equal(again.code, 2, 'the old secret cannot rotate twice');

      const server = await startServer(p.dir, { ...p.env, CANOPY_SECRET: B });
      try {
        assert.equal((await rpc(server.port, caller, 'GetResourceDirectory')).body.Code, 'ResourceDirectoryNotInUse', 'the old key signs');
        const inbox = await admin(server.port, 'GET', '/_canopy/messages');
        assert.equal(inbox.body.messages[0].code, code, 'the waiting message was re-sealed, not lost');
        // Code hashes are keyed by the secret and cannot be re-keyed: a code sent before no longer verifies.
        const enable = (verificationCode: string) =>
          rpc(server.port, caller, 'EnableResourceDirectory', {
            EnableMode: 'NewManagementAccount',
            MAName: `rotated-${name.toLowerCase()}@rdadmin.aliyunid.com`,
            MASecureMobilePhone: PHONE,
            VerificationCode: verificationCode,
          });
        const stale = await enable(code);
        assert.equal(stale.body.Code, 'Invalid.VerificationCode', JSON.stringify(stale));
        assert.equal((await rpc(server.port, caller, 'SendVerificationCodeForEnableRD')).status, 200);
        const fresh = (await admin(server.port, 'GET', '/_canopy/messages')).body.messages[0].code;
        const enabled = await enable(fresh);
        assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
      } finally {
        await stopServer(server);
      }
    });
  });
}
