import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { API_VERSIONS } from '../../src/actions/action.js';
import { signV3 } from '../../src/protocol/sign-request.js';
import type pg from 'pg';
import { freshSchema, testDatabaseUrl, withAdminClient } from '../contracts/engines.js';
import { type FakeSmtp, startFakeSmtp } from '../delivery/fake-smtp.js';
import { type FakeWebhook, startWebhookReceiver } from '../delivery/fake-webhook.js';
import { type Caller, http, killAll, type ServerProcess, startServer } from './server-process.js';
import { stopServer } from './sigterm.js';

/**
 * Issue 10, item 1: in production mode no SMS code or email token is ever written to disk in clear:
 * not in the live rows (masked once delivered), not in SQLite's WAL or in a page's stale records,
 * not in PostgreSQL's dead tuples. Codes are read as the providers received them.
 */
const TOKEN = 'admin-token-for-codes-at-rest';
const WEBHOOK_SECRET = 'w'.repeat(40);
const PHONE = '1-2025550123';
const SENDS = 8;

const adminCall = (port: number, method: string, path: string, body?: unknown) =>
  http(
    port,
    method,
    path,
    { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body === undefined ? undefined : JSON.stringify(body),
  );

const call = async (port: number, caller: Caller, action: string, params: Record<string, string> = {}) => {
  const { path, headers } = signV3({ host: `127.0.0.1:${port}`, action, version: API_VERSIONS[0], params, ...caller });
  const result = await http(port, 'POST', path, headers);
  assert.equal(result.status, 200, `${action}: ${JSON.stringify(result.body)}`);
  return result.body;
};

async function until(what: string, ready: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Delivered {
  /** Every secret the providers received: the SMS codes and the email tokens. */
  readonly secrets: string[];
  /** Strings the data legitimately hold that a 6-digit code could be part of by chance (account IDs, phones). */
  readonly innocent: string[];
}

/**
 * SMS codes (SendVerificationCodeForEnableRD) and an email-change link, all delivered: the outbox
 * rows are masked afterwards, so whatever still holds a code is a copy the store left behind.
 */
async function sendAndDeliver(server: ServerProcess, receiver: FakeWebhook, smtp: FakeSmtp): Promise<Delivered> {
  const callers: Caller[] = [];
  for (let i = 0; i < SENDS; i++) {
    const created = await adminCall(server.port, 'POST', '/_canopy/accounts', { securePhone: PHONE });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    callers.push(created.body);
  }
  for (const caller of callers) await call(server.port, caller, 'SendVerificationCodeForEnableRD');
  const manager = callers[0]!;
  await call(server.port, manager, 'InitResourceDirectory');
  const member = (await call(server.port, manager, 'CreateResourceAccount', { DisplayName: 'Mailed', AccountNamePrefix: 'mailed' })).Account
    .AccountId;
  await call(server.port, manager, 'ChangeAccountEmail', { AccountId: member, Email: 'mailbox@example.com' });

  await until('every SMS at the webhook', () => receiver.messages.length >= SENDS);
  const mail = await smtp.next(20_000);
  const token = /confirm-email\?token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
  assert.ok(token, 'the email carries its link');
  await until('every message marked sent', async () => {
    const inbox = await adminCall(server.port, 'GET', '/_canopy/messages?limit=100');
    return inbox.body.messages.length === SENDS + 1 && inbox.body.messages.every((m: { status: string }) => m.status === 'sent');
  });
  const codes = receiver.messages.map((m) => m.code);
  assert.ok(
    codes.every((code) => /^\d{6}$/.test(code)),
    'the webhook received 6-digit codes',
  );
  return { secrets: [...codes, token], innocent: [...callers.map((c) => c.accountId), member, PHONE.replace('-', ''), PHONE] };
}

const isHex = (byte: number | undefined) => byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66));

/**
 * True when the occurrence lies inside a lower-case hex token of exactly 32 or 64 characters: a
 * signature nonce or a hash. Six digits in a row come up in such tokens by chance (about one window
 * in sixteen), so a 6-digit code matches one of the store's few dozen now and then. A code written
 * next to such a token would make the run longer than the token, and is still found.
 */
function insideHexToken(bytes: Buffer, at: number, length: number): boolean {
  let start = at;
  let end = at + length;
  while (isHex(bytes[start - 1])) start--;
  while (isHex(bytes[end])) end++;
  return end - start === 32 || end - start === 64;
}

/** Where `secret` occurs in `bytes`, leaving out occurrences inside one of the innocent strings or hex tokens. */
function findings(bytes: Buffer, delivered: Delivered, where: string): string[] {
  const found: string[] = [];
  for (const secret of delivered.secrets) {
    for (let at = bytes.indexOf(secret); at !== -1; at = bytes.indexOf(secret, at + 1)) {
      if (secret.length === 6 && insideHexToken(bytes, at, secret.length)) continue;
      const covered = delivered.innocent.some((text) => {
        for (let start = Math.max(0, at - text.length); start <= at; start++) {
          if (bytes.subarray(start, start + text.length).toString('latin1') === text && start + text.length >= at + secret.length)
            return true;
        }
        return false;
      });
      if (!covered) found.push(`${secret.length === 6 ? 'code' : 'token'} ${secret} in ${where} at byte ${at}`);
    }
  }
  return found;
}

function sqliteFiles(dir: string): [string, Buffer][] {
  return readdirSync(dir)
    .filter((name) => name.startsWith('canopy.db'))
    .map((name) => [name, readFileSync(join(dir, name))]);
}

/** Connecting may take long on a machine busy with the whole suite. */
const withClient = <T>(url: string, work: (client: pg.Client) => Promise<T>) => withAdminClient(url, work, 30_000);

/** Every page of every relation of the schema (tables, their TOAST tables, indexes), dead tuples included. */
async function postgresPages(url: string, schema: string): Promise<[string, Buffer][]> {
  return withClient(url, async (client) => {
    // Several test files may ask at once; CREATE EXTENSION IF NOT EXISTS can still collide.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query('CREATE EXTENSION IF NOT EXISTS pageinspect');
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const relations = await client.query<{ rel: string }>(
      `SELECT c.oid::regclass::text AS rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'i')
       UNION
       SELECT t.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class t ON t.oid = c.reltoastrelid
         WHERE n.nspname = $1`,
      [schema],
    );
    const pages: [string, Buffer][] = [];
    for (const { rel } of relations.rows) {
      const size = await client.query<{ n: number }>(
        "SELECT (pg_relation_size($1::regclass) / current_setting('block_size')::int)::int AS n",
        [rel],
      );
      for (let block = 0; block < size.rows[0]!.n; block++) {
        const page = await client.query<{ page: Buffer }>('SELECT get_raw_page($1, $2) AS page', [rel, block]);
        pages.push([`${rel} block ${block}`, page.rows[0]!.page]);
      }
    }
    assert.ok(
      pages.some(([name]) => name.includes('outbox')),
      'the outbox table was scanned',
    );
    return pages;
  });
}

const productionEnv = (receiver: FakeWebhook, smtp: FakeSmtp) => ({
  CANOPY_MODE: 'production',
  CANOPY_ADMIN_TOKEN: TOKEN,
  CANOPY_SECRET: 'codes-at-rest-server-secret-0123456789',
  CANOPY_SMS_SENDERS: 'webhook',
  CANOPY_SMS_WEBHOOK_URL: `${receiver.url}/sms`,
  CANOPY_SMS_WEBHOOK_SECRET: WEBHOOK_SECRET,
  CANOPY_EMAIL_SENDERS: 'smtp',
  CANOPY_SMTP_HOST: '127.0.0.1',
  CANOPY_SMTP_PORT: String(smtp.port),
  CANOPY_SMTP_TLS: 'none',
  CANOPY_EMAIL_FROM: 'rd@example.com',
  CANOPY_PUBLIC_URL: 'https://rd.example.test',
  CANOPY_SMS_POLL_MS: '20',
  // One phone for every send: the per-phone limits are not what this test is about.
  CANOPY_PHONE_LIMIT_PER_MINUTE: '100',
  CANOPY_PHONE_LIMIT_PER_HOUR: '100',
  CANOPY_PHONE_LIMIT_PER_DAY: '100',
});

describe('codes at rest in production mode', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  after(async () => {
    await killAll();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('SQLite: no delivered code or token in canopy.db, its WAL or shared memory, running or after SIGTERM', async () => {
    const receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    const smtp = await startFakeSmtp({ tls: 'none' });
    const dir = mkdtempSync(join(tmpdir(), 'canopy-at-rest-'));
    dirs.push(dir);
    try {
      const server = await startServer(dir, productionEnv(receiver, smtp));
      const delivered = await sendAndDeliver(server, receiver, smtp);
      const running = sqliteFiles(dir).flatMap(([name, bytes]) => findings(bytes, delivered, `${name} (running)`));
      const exit = await stopServer(server);
      assert.equal(exit, 0, server.output());
      const stopped = sqliteFiles(dir).flatMap(([name, bytes]) => findings(bytes, delivered, `${name} (after SIGTERM)`));
      assert.deepEqual([...running, ...stopped], []);
    } finally {
      await receiver.close();
      await smtp.close();
    }
  });

  test('PostgreSQL: no delivered code or token in any page of the schema, dead tuples included', {
    skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set',
  }, async () => {
    const url = testDatabaseUrl!;
    const schema = freshSchema('canopy_at_rest');
    const receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    const smtp = await startFakeSmtp({ tls: 'none' });
    try {
      const server = await startServer('', { ...productionEnv(receiver, smtp), DATABASE_URL: url, CANOPY_DATABASE_SCHEMA: schema });
      const delivered = await sendAndDeliver(server, receiver, smtp);
      assert.equal(await stopServer(server), 0, server.output());
      const pages = await postgresPages(url, schema);
      assert.deepEqual(
        pages.flatMap(([name, bytes]) => findings(bytes, delivered, name)),
        [],
      );
    } finally {
      await receiver.close();
      await smtp.close();
      await withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    }
  });
});
