// The floor of a signed GetResourceDirectory (bench/floor.ts get): bare node:http doing only what
// any server of this API must do for one, and nothing Canopy adds on top (framework, logging,
// metrics, group commit, control policies, the emulator clock). Per request: read the body (V3 signs
// its hash), check the V3 signature with Canopy's own functions (dist/protocol/signature-v3.js),
// refuse a used nonce (kept in memory, as Canopy keeps a read's), read the key, the account, its
// membership and the directory from SQLite (four point reads by primary key: the store is the
// truth, since another process may change any of them), and answer the directory as JSON.
// `node bench/floor-get-server.mjs <db file> <access key id> <secret>`; prints {"port":N} and serves.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { checkV3, serveFloor } from './floor-http.mjs';

const [dbPath, accessKeyId, secret] = process.argv.slice(2);
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.exec(`CREATE TABLE keys (id TEXT PRIMARY KEY, secret TEXT NOT NULL, account_id TEXT NOT NULL);
  CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE members (account_id TEXT PRIMARY KEY, directory_id TEXT NOT NULL);
  CREATE TABLE directories (id TEXT PRIMARY KEY, master_account_id TEXT NOT NULL, root_folder_id TEXT NOT NULL, created_at TEXT NOT NULL)`);
db.prepare('INSERT INTO keys VALUES (?, ?, ?)').run(accessKeyId, secret, '151266687691****');
db.prepare('INSERT INTO accounts VALUES (?, ?)').run('151266687691****', 'Canopy Bench Ltd');
db.prepare('INSERT INTO members VALUES (?, ?)').run('151266687691****', 'rd-3G****');
db.prepare('INSERT INTO directories VALUES (?, ?, ?, ?)').run('rd-3G****', '151266687691****', 'r-Wm****', '2026-12-02T00:00:00.000Z');
const read = {
  key: db.prepare('SELECT secret, account_id FROM keys WHERE id = ?'),
  account: db.prepare('SELECT id, name FROM accounts WHERE id = ?'),
  member: db.prepare('SELECT directory_id FROM members WHERE account_id = ?'),
  directory: db.prepare('SELECT * FROM directories WHERE id = ?'),
};
const nonces = new Set();

function answer(request, body) {
  const checked = checkV3(request, body, (id) => read.key.get(id));
  if (checked.code) return [checked.status, { Code: checked.code }];
  const { auth, key } = checked;
  const nonce = `${auth.accessKeyId}\n${request.headers['x-acs-signature-nonce']}`;
  if (nonces.has(nonce)) return [400, { Code: 'SignatureNonceUsed' }];
  nonces.add(nonce);
  const account = read.account.get(key.account_id);
  const membership = read.member.get(account.id);
  const directory = read.directory.get(membership.directory_id);
  return [
    200,
    {
      RequestId: randomUUID().toUpperCase(),
      ResourceDirectory: {
        ResourceDirectoryId: directory.id,
        MasterAccountId: directory.master_account_id,
        MasterAccountName: account.name,
        RootFolderId: directory.root_folder_id,
        CreateTime: directory.created_at,
        ControlPolicyStatus: 'Disabled',
        MemberDeletionStatus: 'Disabled',
        IdentityInformation: 'Enterprise',
      },
    },
  ];
}

serveFloor((request, body, reply) => reply(...answer(request, body)));
