// The floor of a durable SendVerificationCodeForEnableRD (bench/floor.ts send): bare node:http doing only
// what any server of this API must do before it may answer one, and nothing Canopy adds on top
// (framework, logging, metrics, savepoints, RAM checks, phone-number metadata, pruning, delivery).
// Per request: read the body (V3 signs its hash), read the key from SQLite (the store is the truth:
// another process may revoke it) and check the V3 signature with Canopy's own functions
// (dist/protocol/signature-v3.js), check the phone's form, then in SQLite, durably: refuse a used
// nonce, count the day's quota (100), store the code's HMAC and put the message in the outbox, which
// is also the inbox a developer reads codes from. Requests of one event-loop turn share a
// transaction, and the answers wait for its fdatasync on libuv's pool (Canopy's WalSync, the cheapest
// durable commit known here). The floor does less than a server must (it never delivers, prunes or
// checks RAM policies), so what it cannot reach, no server doing that work in Node reaches.
// `node bench/floor-send-server.mjs <db file> <keys.json>`: the keys are [{accessKeyId, accessKeySecret}];
// prints {"port":N} and serves.
import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { WalSync } from '../dist/storage/sqlite/wal-sync.js';
import { checkV3, serveFloor } from './floor-http.mjs';

const [dbPath, keysPath] = process.argv.slice(2);
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE keys (id TEXT PRIMARY KEY, secret TEXT NOT NULL, account_id TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE nonces (signed_minute INTEGER, access_key_id TEXT, nonce TEXT, PRIMARY KEY (signed_minute, access_key_id, nonce)) WITHOUT ROWID;
  CREATE TABLE quota (account_id TEXT, day TEXT, sent INTEGER NOT NULL, PRIMARY KEY (account_id, day)) WITHOUT ROWID;
  CREATE TABLE codes (account_id TEXT, phone TEXT, code_hash TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (account_id, phone)) WITHOUT ROWID;
  CREATE TABLE outbox (id INTEGER PRIMARY KEY, account_id TEXT NOT NULL, phone TEXT NOT NULL, code TEXT NOT NULL, created_at INTEGER NOT NULL)`);
const insertKey = db.prepare('INSERT INTO keys VALUES (?, ?, ?)');
db.transaction((keys) => {
  for (const [index, key] of keys.entries()) insertKey.run(key.accessKeyId, key.accessKeySecret, `acct-${index}`);
})(JSON.parse(readFileSync(keysPath, 'utf8')));
const sql = {
  key: db.prepare('SELECT secret, account_id FROM keys WHERE id = ?'),
  begin: db.prepare('BEGIN IMMEDIATE'),
  commit: db.prepare('COMMIT'),
  nonce: db.prepare('INSERT INTO nonces VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
  quota: db.prepare(`INSERT INTO quota VALUES (?, ?, 1) ON CONFLICT (account_id, day) DO UPDATE SET sent = sent + 1 WHERE sent < 100`),
  code: db.prepare(`INSERT INTO codes VALUES (?, ?, ?, ?) ON CONFLICT (account_id, phone)
    DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at`),
  outbox: db.prepare('INSERT INTO outbox (account_id, phone, code, created_at) VALUES (?, ?, ?, ?)'),
};
const durability = WalSync.open(dbPath);
const hashKey = randomBytes(32);
const PHONE = /^[0-9]{1,4}-[0-9]{4,15}$/;

/** Sends that passed the signature, waiting for this turn's transaction. */
let batch = [];

function write(send) {
  if (sql.nonce.run(send.minute, send.accessKeyId, send.nonce).changes === 0) return [400, 'SignatureNonceUsed'];
  const now = Date.now();
  if (sql.quota.run(send.accountId, new Date(now).toISOString().slice(0, 10)).changes === 0) return [409, 'VerificationCodeSentTooMany'];
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const hash = createHmac('sha256', hashKey).update(`${send.accountId}\n${send.phone}\n${code}`).digest('hex');
  sql.code.run(send.accountId, send.phone, hash, now + 300_000);
  sql.outbox.run(send.accountId, send.phone, code, now);
  return [200, undefined];
}

async function flush() {
  const sends = batch;
  batch = [];
  sql.begin.run();
  const outcomes = sends.map(write);
  sql.commit.run();
  await durability.afterWrite();
  for (const [index, send] of sends.entries()) send.reply(...outcomes[index]);
}

function accept(request, body, reply) {
  const checked = checkV3(request, body, (id) => sql.key.get(id));
  if (checked.code) return reply(checked.status, checked.code);
  const { auth, query, key } = checked;
  const phone = query.SecureMobilePhone ?? '';
  if (!PHONE.test(phone)) return reply(400, 'InvalidParameter.SecureMobilePhone');
  const minute = Math.floor(Date.parse(String(request.headers['x-acs-date'])) / 60_000);
  batch.push({
    accessKeyId: auth.accessKeyId,
    nonce: String(request.headers['x-acs-signature-nonce']),
    minute,
    accountId: key.account_id,
    phone,
    reply,
  });
  if (batch.length === 1) setImmediate(flush);
}

serveFloor((request, body, reply) =>
  accept(request, body, (status, code) => reply(status, Object.assign({ RequestId: randomUUID().toUpperCase() }, code && { Code: code }))),
);
