// `node --import tsx bench/floor.ts <get|send|pg-send> [seconds] [rounds]` (npm run build first): how
// near a row of `npm run bench` is to its floor. Three servers under the bench's load (pre-signed V3
// requests, the same connections and warm-up), measured in turn, round after round, so the machine's
// drift falls on all three alike: bare node:http (the "x bare" reference of `npm run bench`), the
// floor (bare node:http plus only what any server of this API must do for the row:
// bench/floor-get-server.mjs for a signed GetResourceDirectory, bench/floor-send-server.mjs for a
// durable SendVerificationCodeForEnableRD, bench/floor-pg-send-server.mjs for the same on PostgreSQL:
// BENCH_DATABASE_URL or TEST_DATABASE_URL, a schema of each server's own, dropped at the end) and the
// built Canopy. Prints each round and the medians of
// "x bare", p99 and CPU per request. If the floor itself stays under a target, no server doing that
// work in Node on this machine reaches it (docs/development.md, "Profiling"). With
// BENCH_BASELINE_ENTRY (the dist/bundle/canopy.js of another build, say a worktree of an earlier
// commit) a fourth server, that build, is measured in the same rounds: an A/B under the same noise.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AccessKey, callRpc, createAccounts, PHONE, signed, spawnCanopy, waitHealthy } from './canopy-api.js';
import { type Child, crashed, freePort, REPO_ROOT, spawnServing, stopChild } from './children.js';
import { median } from './cold-start.js';
import { measureRow, type RowResult } from './load.js';

const [rowArg, secondsArg, roundsArg] = process.argv.slice(2);
if (rowArg !== 'get' && rowArg !== 'send' && rowArg !== 'pg-send') {
  process.stderr.write('usage: node --import tsx bench/floor.ts <get|send|pg-send> [seconds] [rounds]\n');
  process.exit(2);
}
const seconds = Number(secondsArg ?? 8);
const rounds = Number(roundsArg ?? 3);
const WARMUP_SECONDS = 2;
const workDir = mkdtempSync(join(tmpdir(), 'canopy-floor-'));
const children: Child[] = [];

/** How the PostgreSQL floor talks to PostgreSQL (bench/floor-pg-send-server.mjs, docs/development.md). */
const PG_FLOOR_SHAPES = ['one', 'canopy', 'canopy-one-sync'] as const;
const PG_FLOOR_SHAPE = (process.env['BENCH_PG_FLOOR_SHAPE'] ?? 'one') as (typeof PG_FLOOR_SHAPES)[number];
if (!PG_FLOOR_SHAPES.includes(PG_FLOOR_SHAPE)) {
  process.stderr.write(`BENCH_PG_FLOOR_SHAPE: one of ${PG_FLOOR_SHAPES.join(', ')}\n`);
  process.exit(2);
}
// Each row pre-signs enough requests for the fastest of the three servers.
const POOL_RATE = 25_000;
const ROWS = {
  get: { action: 'GetResourceDirectory', params: {}, floor: 'floor-get-server.mjs', label: 'floor of a signed Get' },
  send: {
    action: 'SendVerificationCodeForEnableRD',
    params: { SecureMobilePhone: PHONE },
    floor: 'floor-send-server.mjs',
    label: 'floor of a durable send',
  },
  'pg-send': {
    action: 'SendVerificationCodeForEnableRD',
    params: { SecureMobilePhone: PHONE },
    floor: 'floor-pg-send-server.mjs',
    label: {
      one: 'floor of a durable send on PostgreSQL',
      canopy: "floor on PostgreSQL in Canopy's shape",
      'canopy-one-sync': 'floor in that shape, one Sync a write',
    }[PG_FLOOR_SHAPE],
  },
} as const;
const sends = rowArg !== 'get';
const databaseUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** PostgreSQL schemas of this run, one per server: Canopy's are created by Canopy, the floor's by the floor. */
const schemas: string[] = [];
const newSchema = () => {
  schemas.push(`canopy_floor_${process.pid}_${schemas.length}`);
  return schemas[schemas.length - 1]!;
};
/** Canopy's default pool (CANOPY_DATABASE_POOL_SIZE); the floor gets as many connections. */
const POOL_SIZE = '10';
const ROW = ROWS[rowArg];
// The documented quota is 100 sends per account and day, in each server's store: a send row takes
// its keys in turn over as many accounts as the fastest server could use in all its rounds.
const SENDS_PER_ACCOUNT = 100;
const accounts = sends ? Math.ceil((POOL_RATE * (seconds + WARMUP_SECONDS) * rounds) / SENDS_PER_ACCOUNT) : 1;

interface Server {
  readonly name: string;
  readonly port: number;
  readonly child: Child;
  /** The accounts' keys in this server's store (each Canopy creates its own). */
  readonly keys: readonly AccessKey[];
  /** The next key of the server's turn over the accounts; the quota counts per store. */
  turn: number;
}

/** PostgreSQL's CPU per request over a pg-send run (every postgres process on the machine). */
const postgresCpu = (result: RowResult) => (rowArg === 'pg-send' ? result.shares.postgresUsPerRequest : undefined);

async function row(server: Server): Promise<RowResult> {
  const { keys } = server;
  const first = server.turn;
  const sign = (index: number) => signed(server.port, ROW.action, ROW.params, keys[(first + index) % keys.length]!);
  const pool = Array.from({ length: POOL_RATE * (seconds + WARMUP_SECONDS) }, (_, index) => sign(index));
  let taken = 0;
  const result = await measureRow({
    name: server.name,
    port: server.port,
    connections: 32,
    seconds,
    warmupSeconds: WARMUP_SECONDS,
    next: () => {
      const index = taken++;
      return pool[index] ?? sign(index);
    },
    abort: crashed(server.child),
    pids: [server.child.pid],
    postgres: rowArg === 'pg-send',
  });
  server.turn = first + taken;
  return result;
}

/** A built Canopy on a store of its own, with the row's accounts (and, for a Get, a directory). */
async function startCanopy(name: string, entry?: string): Promise<Server> {
  const port = await freePort();
  const store: Record<string, string> = rowArg === 'pg-send' ? { DATABASE_URL: databaseUrl, CANOPY_DATABASE_SCHEMA: newSchema() } : {};
  const child = spawnCanopy(port, join(workDir, `canopy-${children.length}`), store, entry);
  children.push(child);
  await waitHealthy(child, port);
  process.stderr.write(`floor: creating ${accounts} account(s) on ${name}\n`);
  const keys = await createAccounts(port, accounts, { enterprise: true });
  if (rowArg === 'get') {
    const init = await callRpc(port, 'InitResourceDirectory', {}, keys[0]!);
    if (init.status !== 200) throw new Error(`InitResourceDirectory failed: ${init.status} ${init.body}`);
  }
  return { name, port, child, keys, turn: 0 };
}

try {
  const canopy = await startCanopy(`Canopy ${ROW.action}`);
  const baselineEntry = process.env['BENCH_BASELINE_ENTRY'];
  const baseline = baselineEntry ? await startCanopy('Canopy baseline build', baselineEntry) : undefined;
  const { keys } = canopy;
  // The Get floor answers for the first key; the send floor stores every key, each its own account.
  const keysFile = join(workDir, 'keys.json');
  if (sends) writeFileSync(keysFile, JSON.stringify(keys));
  const floorArgs =
    rowArg === 'get'
      ? [join(workDir, 'floor.db'), keys[0]!.accessKeyId, keys[0]!.accessKeySecret]
      : rowArg === 'send'
        ? [join(workDir, 'floor.db'), keysFile]
        : [databaseUrl, newSchema(), keysFile, POOL_SIZE, PG_FLOOR_SHAPE];
  const bare = await spawnServing('bare node:http', [join(REPO_ROOT, 'bench', 'bare-server.mjs')]);
  const floor = await spawnServing('floor', [join(REPO_ROOT, 'bench', ROW.floor), ...floorArgs]);
  children.push(bare.child, floor.child);
  const servers: Server[] = [
    { name: 'bare node:http', port: bare.port, child: bare.child, keys, turn: 0 },
    { name: ROW.label, port: floor.port, child: floor.child, keys, turn: 0 },
    canopy,
    ...(baseline ? [baseline] : []),
  ];
  const results: RowResult[][] = servers.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    const measured: RowResult[] = [];
    for (const [index, server] of servers.entries()) {
      const result = await row(server);
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(
          `${server.name}: ${result.non2xx} non-2xx, ${result.errors} errors: ${JSON.stringify(result.statusCounts)} ${result.samples.join(' | ')}`,
        );
      results[index]!.push(result);
      measured.push(result);
    }
    const bareRps = measured[0]!.rps;
    const cells = measured.map(
      (r) =>
        `${r.name} ${r.rps.toFixed(0)} req/s (${(r.rps / bareRps).toFixed(2)} x bare, p99 ${r.p99.toFixed(1)} ms, ${r.cpuUsPerRequest?.toFixed(0)} us/req` +
        `${postgresCpu(r) ? `, PostgreSQL ${postgresCpu(r)!.toFixed(0)} us/req` : ''})`,
    );
    console.log(`round ${round}: ${cells.join('; ')}`);
  }
  console.log(`\nmedians of ${rounds} rounds:`);
  for (const [index, server] of servers.entries()) {
    const ratios = results[index]!.map((r, round) => r.rps / results[0]![round]!.rps);
    const p99 = results[index]!.map((r) => r.p99);
    const cpu = results[index]!.map((r) => r.cpuUsPerRequest ?? Number.NaN);
    const pgCpu = index === 0 ? [] : results[index]!.map((r) => postgresCpu(r) ?? Number.NaN);
    console.log(
      `  ${server.name.padEnd(40)} ${median(ratios).toFixed(2)} x bare  p99 ${median(p99).toFixed(1).padStart(5)} ms  ` +
        `${median(cpu).toFixed(0).padStart(4)} us of server CPU per request` +
        (rowArg === 'pg-send' && index > 0 ? `, ${median(pgCpu).toFixed(0)} us of PostgreSQL's` : ''),
    );
  }
  const canopyOfFloor = results[2]!.map((r, round) => r.rps / results[1]![round]!.rps);
  console.log(`  Canopy / floor: ${median(canopyOfFloor).toFixed(2)}`);
  if (baseline) {
    const ofBaseline = (pick: (r: RowResult) => number) => median(results[2]!.map((r, round) => pick(r) / pick(results[3]![round]!)));
    console.log(
      `  Canopy / baseline build: ${ofBaseline((r) => r.rps).toFixed(2)} x the req/s, ` +
        `${ofBaseline((r) => r.cpuUsPerRequest ?? Number.NaN).toFixed(2)} x the CPU per request`,
    );
  }
} finally {
  for (const child of children) await stopChild(child);
  rmSync(workDir, { recursive: true, force: true });
  if (schemas.length > 0) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}
