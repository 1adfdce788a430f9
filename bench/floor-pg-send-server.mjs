// The floor of a durable SendVerificationCodeForEnableRD on PostgreSQL (bench/floor.ts pg-send): what
// bench/floor-send-server.mjs does on SQLite, in the fewest round trips a server of this API can take.
// Per request: read the body, read the key (the store is the truth: another instance may revoke it),
// check the V3 signature with Canopy's own functions and the phone's form, then one statement, its own
// transaction, committed durably as PostgreSQL's defaults commit: refuse a used nonce, count the day's
// quota (100), store the code's HMAC and put the message in the outbox. Two round trips and two
// statements per send, each bound to a statement prepared once per connection. The floor never
// delivers, prunes or checks RAM policies, so what it cannot reach, no server doing that work with
// PostgreSQL on this machine reaches.
// Shape `canopy` sends the same statements the way Canopy does (docs/architecture.md, "Round trips on
// PostgreSQL"): a transaction on a pipelined connection, in three writes of several statements, each
// statement with its own Sync: BEGIN and the key; the nonce, SAVEPOINT and the quota; the code, the
// message, RELEASE and COMMIT. Nine statements where Canopy has eleven (it also reads the emulator
// clock and the membership): what Canopy's way of talking to PostgreSQL costs, apart from its schema.
// Shape `canopy-one-sync` sends the same three writes each as one pg Query with one Sync at its end, so
// PostgreSQL answers ReadyForQuery once per write, not once per statement: Canopy's own `Write`
// (src/storage/postgres/write.ts), as its transactions now send theirs.
// `node bench/floor-pg-send-server.mjs <database url> <schema> <keys.json> <pool size> <one|canopy|canopy-one-sync>`:
// the keys are [{accessKeyId, accessKeySecret}]; creates the schema (the caller drops it), prints
// {"port":N} and serves.
import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { parseV3Authorization } from '../dist/protocol/signature-v3.js';
import { StatementNames, Write } from '../dist/storage/postgres/write.js';
import { checkV3, serveFloor } from './floor-http.mjs';

const [url, schema, keysPath, poolSize, shape] = process.argv.slice(2);
const setup = new pg.Client({ connectionString: url });
await setup.connect();
await setup.query(`CREATE SCHEMA ${schema};
  SET search_path TO ${schema};
  CREATE TABLE keys (id TEXT PRIMARY KEY, secret TEXT NOT NULL, account_id TEXT NOT NULL);
  CREATE TABLE nonces (signed_minute BIGINT, access_key_id TEXT, nonce TEXT, PRIMARY KEY (signed_minute, access_key_id, nonce));
  CREATE TABLE quota (account_id TEXT, day TEXT, sent INTEGER NOT NULL, PRIMARY KEY (account_id, day));
  CREATE TABLE codes (account_id TEXT, phone TEXT, code_hash TEXT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (account_id, phone));
  CREATE TABLE outbox (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id TEXT NOT NULL, phone TEXT NOT NULL,
    code TEXT NOT NULL, created_at BIGINT NOT NULL)`);
const keys = JSON.parse(readFileSync(keysPath, 'utf8'));
await setup.query('INSERT INTO keys SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [
  keys.map((key) => key.accessKeyId),
  keys.map((key) => key.accessKeySecret),
  keys.map((_, index) => `acct-${index}`),
]);
await setup.end();

const pool = new pg.Pool({
  connectionString: url,
  max: Number(poolSize),
  options: `-c search_path=${schema}`,
  pipeline: shape !== 'one',
});
const KEY = { name: 'key', text: 'SELECT secret, account_id FROM keys WHERE id = $1' };
// One statement, so one transaction: the quota counts only a new nonce, and the code and the message
// are written only when the quota took the send. The answer says which step refused it.
const SEND = {
  name: 'send',
  text: `WITH nonce AS (
      INSERT INTO nonces VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1
    ), quota AS (
      INSERT INTO quota SELECT $4, $5, 1 WHERE EXISTS (SELECT FROM nonce)
      ON CONFLICT (account_id, day) DO UPDATE SET sent = quota.sent + 1 WHERE quota.sent < 100 RETURNING 1
    ), code AS (
      INSERT INTO codes SELECT $4, $6, $7, $8 WHERE EXISTS (SELECT FROM quota)
      ON CONFLICT (account_id, phone) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at
    ), message AS (
      INSERT INTO outbox (account_id, phone, code, created_at) SELECT $4, $6, $9, $10 WHERE EXISTS (SELECT FROM quota)
    )
    SELECT EXISTS (SELECT FROM nonce) AS nonce, EXISTS (SELECT FROM quota) AS quota`,
};
const hashKey = randomBytes(32);
const PHONE = /^[0-9]{1,4}-[0-9]{4,15}$/;

/** What a send stores, once its signature and phone are checked. */
function fields(request, auth, accountId, phone) {
  const now = Date.now();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return {
    minute: Math.floor(Date.parse(String(request.headers['x-acs-date'])) / 60_000),
    nonce: String(request.headers['x-acs-signature-nonce']),
    accessKeyId: auth.accessKeyId,
    accountId,
    phone,
    day: new Date(now).toISOString().slice(0, 10),
    code,
    hash: createHmac('sha256', hashKey).update(`${accountId}\n${phone}\n${code}`).digest('hex'),
    now,
  };
}

/** The check every send makes: [status, code] of a refusal, or undefined. */
function refusal(checked) {
  if (checked.code) return [checked.status, checked.code];
  if (!PHONE.test(checked.query.SecureMobilePhone ?? '')) return [400, 'InvalidParameter.SecureMobilePhone'];
  return undefined;
}

async function sendInOneStatement(request, body) {
  const auth = parseV3Authorization(String(request.headers.authorization ?? ''));
  const found = auth && (await pool.query({ ...KEY, values: [auth.accessKeyId] })).rows[0];
  const checked = checkV3(request, body, () => found);
  const refused = refusal(checked);
  if (refused) return refused;
  const f = fields(request, auth, found.account_id, checked.query.SecureMobilePhone);
  const values = [f.minute, f.accessKeyId, f.nonce, f.accountId, f.day, f.phone, f.hash, f.now + 300_000, f.code, f.now];
  const [outcome] = (await pool.query({ ...SEND, values })).rows;
  if (!outcome.nonce) return [400, 'SignatureNonceUsed'];
  if (!outcome.quota) return [409, 'VerificationCodeSentTooMany'];
  return [200, undefined];
}

const statement = (name, text) => ({ name, text });
const CANOPY_SHAPE = {
  begin: statement('begin', 'BEGIN ISOLATION LEVEL READ COMMITTED'),
  nonce: statement('nonce', 'INSERT INTO nonces VALUES ($1, $2, $3) ON CONFLICT DO NOTHING'),
  savepoint: statement('savepoint', 'SAVEPOINT sp1'),
  quota: statement(
    'quota',
    'INSERT INTO quota VALUES ($1, $2, 1) ON CONFLICT (account_id, day) DO UPDATE SET sent = quota.sent + 1 WHERE quota.sent < 100',
  ),
  code: statement(
    'code',
    `INSERT INTO codes VALUES ($1, $2, $3, $4)
      ON CONFLICT (account_id, phone) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at`,
  ),
  message: statement('message', 'INSERT INTO outbox (account_id, phone, code, created_at) VALUES ($1, $2, $3, $4)'),
  release: statement('release', 'RELEASE SAVEPOINT sp1'),
  commit: statement('commit', 'COMMIT'),
  rollback: statement('rollback', 'ROLLBACK'),
};

/** One write of several statements on a pipelined connection, each with its own Sync, as Canopy writes. */
function writeWithSyncs(client, statements) {
  const socket = client.connection.stream;
  socket.cork();
  try {
    return Promise.all(statements.map(([s, values]) => client.query({ ...s, values })));
  } finally {
    socket.uncork();
  }
}

const names = new StatementNames();

/** One write as Canopy sends it: one pg Query, one Sync (src/storage/postgres/write.ts). */
function writeWithOneSync(client, statements) {
  const texts = statements.map(([s, values]) => ({ text: s.text, values }));
  return new Promise((resolve, reject) =>
    client.query(new Write(texts, names, names.parsedOn(client), (error, results) => (error ? reject(error) : resolve([results].flat())))),
  );
}

const write = shape === 'canopy-one-sync' ? writeWithOneSync : writeWithSyncs;

async function sendInCanopysShape(request, body) {
  const auth = parseV3Authorization(String(request.headers.authorization ?? ''));
  const client = await pool.connect();
  const s = CANOPY_SHAPE;
  let committed = false;
  try {
    const [, keyResult] = await write(client, [[s.begin], [KEY, [auth?.accessKeyId ?? '']]]);
    const found = keyResult.rows[0];
    const checked = checkV3(request, body, () => found);
    const refused = refusal(checked);
    if (refused) return refused;
    const f = fields(request, auth, found.account_id, checked.query.SecureMobilePhone);
    const [claimed, , counted] = await write(client, [
      [s.nonce, [f.minute, f.accessKeyId, f.nonce]],
      [s.savepoint],
      [s.quota, [f.accountId, f.day]],
    ]);
    if (claimed.rowCount === 0) return [400, 'SignatureNonceUsed'];
    if (counted.rowCount === 0) return [409, 'VerificationCodeSentTooMany'];
    await write(client, [
      [s.code, [f.accountId, f.phone, f.hash, f.now + 300_000]],
      [s.message, [f.accountId, f.phone, f.code, f.now]],
      [s.release],
      [s.commit],
    ]);
    committed = true;
    return [200, undefined];
  } finally {
    // A refusal (or a failure) leaves the transaction open: end it before the connection goes back.
    if (!committed) await client.query(s.rollback).catch(() => undefined);
    client.release();
  }
}

const send = shape === 'one' ? sendInOneStatement : sendInCanopysShape;

serveFloor((request, body, reply) => {
  const answer = (status, code) => reply(status, Object.assign({ RequestId: randomUUID().toUpperCase() }, code && { Code: code }));
  send(request, body).then(
    ([status, code]) => answer(status, code),
    (error) => {
      process.stderr.write(`${error.stack}\n`);
      answer(503, 'ServiceUnavailable');
    },
  );
});
