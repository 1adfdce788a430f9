// `node --import tsx bench/storage-churn.ts [sends]`: what a send costs in the SQLite store alone, and
// what pruning it later costs, without HTTP, signatures or the load generator; so the figures move
// with the schema and the statements, far less with the machine. Through the store's own interfaces
// and the verification service, as the server runs them:
//   1. `sends` sends (nonce, daily quota, code, outbox message), delivered as the dispatcher does
//      (claimed, marked sent with the code masked, one attempt recorded), 32 transactions at a time
//      so that SQLite's group commit takes them together as under load;
//   2. as many sends again a day later, with the retention job's batches of 1,000 rows pruning the
//      first ones as it goes, as in the steady state of `npm run bench -- --soak`.
// Prints the CPU time (user + system) of this process per send for each part. The numbers in
// docs/configuration.md (Retention) come from here. CHURN_CACHE_MB sets SQLite's page cache (default 2,
// the server's CANOPY_SQLITE_CACHE_MB default).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoRandom } from '../src/domain/random.js';
import { VerificationService } from '../src/domain/verification/service.js';
import { openSqliteStore } from '../src/storage/sqlite/index.js';

const SENDS = Number(process.argv[2] ?? 40_000);
const GROUP = 32;
const BATCH = 1_000;
const DAY_MS = 86_400_000;
const NONCE_WINDOW_MS = 15 * 60_000;

const dir = mkdtempSync(join(tmpdir(), 'canopy-churn-'));
const { store } = await openSqliteStore({
  path: join(dir, 'canopy.db'),
  secret: undefined,
  cacheMb: Number(process.env['CHURN_CACHE_MB'] ?? 2),
});
let now = Date.parse('2026-01-01T00:00:00Z');
const verification = new VerificationService(
  { now: () => new Date(now) },
  cryptoRandom,
  { codeTtlSeconds: 300, dailyLimit: 100, quotaTimeZone: 'Asia/Shanghai', maxTriesPerCode: 5, maxWrongTriesPerHour: 10 },
  Buffer.alloc(32, 7),
);
/** A 16-digit account per 100 sends, 100 phones, as the bench's send row rotates over them. */
const accountOf = (n: number) => String(1e15 + Math.floor(n / 100) * 7919);

async function send(n: number): Promise<void> {
  await store.transaction(async (tx) => {
    const nonce = `${cryptoRandom.bytes(16).toString('hex')}`;
    await tx.nonces.claim(`LTAI${accountOf(n)}`, nonce, new Date(now), new Date(now + NONCE_WINDOW_MS)).value();
    await verification.send(tx, { accountId: accountOf(n), purpose: 'EnableRD', phone: `1-2025550${100 + (n % 100)}` });
  });
}

async function deliver(): Promise<void> {
  await store.transaction(async (tx) => {
    for (const message of await tx.outbox.claim(new Date(now), new Date(now + 60_000), GROUP)) {
      await tx.outbox.markSent(message.id, 'inbox', new Date(now), true);
      await tx.outbox.recordAttempt({
        messageId: message.id,
        round: 1,
        sender: 'inbox',
        outcome: 'sent',
        providerMessageId: null,
        error: null,
        at: new Date(now),
        ms: 0,
      });
    }
  });
}

/** CPU microseconds of this process spent in `work`. */
async function cpu(work: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

async function sendGroups(from: number, count: number): Promise<void> {
  for (let n = from; n < from + count; n += GROUP) {
    now += 1;
    await Promise.all(Array.from({ length: Math.min(GROUP, from + count - n) }, (_, i) => send(n + i)));
    await deliver();
  }
}

/** One batch of each table the sends fill, as the retention job takes them (its cutoffs take every row of the first day). */
async function pruneBatches(dayOne: Date): Promise<void> {
  await store.transaction((tx) => tx.retention.pruneNonces(new Date(now), BATCH));
  await store.transaction((tx) => tx.retention.pruneCodes(dayOne, BATCH));
  await store.transaction((tx) => tx.retention.pruneMessages(dayOne, BATCH));
}

const first = await cpu(() => sendGroups(0, SENDS));
now += DAY_MS;
const dayOne = new Date(now);
let sending = 0;
let pruning = 0;
for (let n = 0; n < SENDS; n += BATCH) {
  sending += await cpu(() => sendGroups(SENDS + n, BATCH));
  pruning += await cpu(() => pruneBatches(dayOne));
}
await store.close();
rmSync(dir, { recursive: true, force: true });
const perSend = (us: number) => (us / SENDS).toFixed(0);
console.log(`storage churn, SQLite file, ${SENDS} sends then ${SENDS} more a day later while pruning the first (CPU µs per send):`);
console.log(
  `  first sends ${perSend(first)}, later sends ${perSend(sending)}, pruning ${perSend(pruning)}, later send + its pruning ${perSend(sending + pruning)}`,
);
