// `node --import tsx bench/floor.ts <get|send> [seconds] [rounds]` (npm run build first): how near a
// row of `npm run bench` is to its floor. Three servers under the bench's load (pre-signed V3
// requests, the same connections and warm-up), measured in turn, round after round, so the machine's
// drift falls on all three alike: bare node:http (the "x bare" reference of `npm run bench`), the
// floor (bare node:http plus only what any server of this API must do for the row:
// bench/floor-get-server.mjs for a signed GetResourceDirectory, bench/floor-send-server.mjs for a
// durable SendVerificationCodeForEnableRD) and the built Canopy. Prints each round and the medians of
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
if (rowArg !== 'get' && rowArg !== 'send') {
  process.stderr.write('usage: node --import tsx bench/floor.ts <get|send> [seconds] [rounds]\n');
  process.exit(2);
}
const seconds = Number(secondsArg ?? 8);
const rounds = Number(roundsArg ?? 3);
const WARMUP_SECONDS = 2;
const workDir = mkdtempSync(join(tmpdir(), 'canopy-floor-'));
const children: Child[] = [];

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
} as const;
const ROW = ROWS[rowArg];
// The documented quota is 100 sends per account and day, in each server's store: a send row takes
// its keys in turn over as many accounts as the fastest server could use in all its rounds.
const SENDS_PER_ACCOUNT = 100;
const accounts = rowArg === 'send' ? Math.ceil((POOL_RATE * (seconds + WARMUP_SECONDS) * rounds) / SENDS_PER_ACCOUNT) : 1;

interface Server {
  readonly name: string;
  readonly port: number;
  readonly child: Child;
  /** The accounts' keys in this server's store (each Canopy creates its own). */
  readonly keys: readonly AccessKey[];
  /** The next key of the server's turn over the accounts; the quota counts per store. */
  turn: number;
}

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
  });
  server.turn = first + taken;
  return result;
}

/** A built Canopy on a store of its own, with the row's accounts (and, for a Get, a directory). */
async function startCanopy(name: string, entry?: string): Promise<Server> {
  const port = await freePort();
  const child = spawnCanopy(port, join(workDir, `canopy-${children.length}`), {}, entry);
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
  if (rowArg === 'send') writeFileSync(keysFile, JSON.stringify(keys));
  const floorArgs = rowArg === 'get' ? [keys[0]!.accessKeyId, keys[0]!.accessKeySecret] : [keysFile];
  const bare = await spawnServing('bare node:http', [join(REPO_ROOT, 'bench', 'bare-server.mjs')]);
  const floor = await spawnServing('floor', [join(REPO_ROOT, 'bench', ROW.floor), join(workDir, 'floor.db'), ...floorArgs]);
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
        `${r.name} ${r.rps.toFixed(0)} req/s (${(r.rps / bareRps).toFixed(2)} x bare, p99 ${r.p99.toFixed(1)} ms, ${r.cpuUsPerRequest?.toFixed(0)} us/req)`,
    );
    console.log(`round ${round}: ${cells.join('; ')}`);
  }
  console.log(`\nmedians of ${rounds} rounds:`);
  for (const [index, server] of servers.entries()) {
    const ratios = results[index]!.map((r, round) => r.rps / results[0]![round]!.rps);
    const p99 = results[index]!.map((r) => r.p99);
    const cpu = results[index]!.map((r) => r.cpuUsPerRequest ?? Number.NaN);
    console.log(
      `  ${server.name.padEnd(40)} ${median(ratios).toFixed(2)} x bare  p99 ${median(p99).toFixed(1).padStart(5)} ms  ` +
        `${median(cpu).toFixed(0).padStart(4)} us of server CPU per request`,
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
}
