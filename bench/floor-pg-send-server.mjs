// The floor of a durable SendVerificationCodeForEnableRD on PostgreSQL (bench/floor.ts pg-send): what
// bench/floor-send-server.mjs does on SQLite, in the fewest round trips a server of this API can take.
// Per request: read the body, read the key (the store is the truth: another instance may revoke it),
// check the V3 signature with Canopy's own functions and the phone's form, then one statement, its own
// transaction, committed durably as PostgreSQL's defaults commit: refuse a used nonce, count the day's
// quota (100), store the code's HMAC and put the message in the outbox. Two round trips and two
// statements per send, each bound to a statement prepared once per connection; Canopy takes three round
// trips (the Action runs after the key is checked, in a transaction with savepoints). The floor never
// delivers, prunes or checks RAM policies, so what it cannot reach, no server doing that work with
// PostgreSQL on this machine reaches.
// `node bench/floor-pg-send-server.mjs <database url> <schema> <keys.json> <pool size>`: the keys are
// [{accessKeyId, accessKeySecret}]; creates the schema (the caller drops it), prints {"port":N} and serves.
import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { parseV3Authorization } from '../dist/protocol/signature-v3.js';
import { checkV3, serveFloor } from './floor-http.mjs';

const [url, schema, keysPath, poolSize] = process.argv.slice(2);
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

const pool = new pg.Pool({ connectionString: url, max: Number(poolSize), options: `-c search_path=${schema}` });
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

async function send(request, body) {
  const auth = parseV3Authorization(String(request.headers.authorization ?? ''));
  const found = auth && (await pool.query({ ...KEY, values: [auth.accessKeyId] })).rows[0];
  const checked = checkV3(request, body, () => found);
  if (checked.code) return [checked.status, checked.code];
  const phone = checked.query.SecureMobilePhone ?? '';
  if (!PHONE.test(phone)) return [400, 'InvalidParameter.SecureMobilePhone'];
  const minute = Math.floor(Date.parse(String(request.headers['x-acs-date'])) / 60_000);
  const now = Date.now();
  const accountId = found.account_id;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const hash = createHmac('sha256', hashKey).update(`${accountId}\n${phone}\n${code}`).digest('hex');
  const day = new Date(now).toISOString().slice(0, 10);
  const nonce = String(request.headers['x-acs-signature-nonce']);
  const values = [minute, auth.accessKeyId, nonce, accountId, day, phone, hash, now + 300_000, code, now];
  const [outcome] = (await pool.query({ ...SEND, values })).rows;
  if (!outcome.nonce) return [400, 'SignatureNonceUsed'];
  if (!outcome.quota) return [409, 'VerificationCodeSentTooMany'];
  return [200, undefined];
}

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
