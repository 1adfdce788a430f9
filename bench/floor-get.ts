// `node --import tsx bench/floor-get.ts [seconds] [rounds]` (npm run build first): how near Canopy's
// GetResourceDirectory is to its floor. Three servers under the bench's load (pre-signed V3 requests,
// the same connections and warm-up), measured in turn, round after round, so the machine's drift
// falls on all three alike: bare node:http (the "x bare" reference of `npm run bench`), the floor
// (bench/floor-get-server.mjs: bare node:http plus only what any server of this API must do for a
// signed Get) and the built Canopy. Prints each round and the medians of "x bare" and of CPU per
// request. If the floor itself stays under a target ratio, no server doing that work in Node on this
// machine reaches it (docs/development.md, "Profiling").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AccessKey, callRpc, createAccounts, signed, spawnCanopy, waitHealthy } from './canopy-api.js';
import { type Child, crashed, freePort, REPO_ROOT, spawnServing, stopChild } from './children.js';
import { median } from './cold-start.js';
import { measureRow, type RowResult } from './load.js';

const seconds = Number(process.argv[2] ?? 8);
const rounds = Number(process.argv[3] ?? 3);
const GET = 'GetResourceDirectory';
const workDir = mkdtempSync(join(tmpdir(), 'canopy-floor-'));
const children: Child[] = [];

async function row(name: string, port: number, child: Child, key: AccessKey): Promise<RowResult> {
  // Signed before the clock starts, as in the bench: enough for the fastest of the three.
  const pool = Array.from({ length: 25_000 * (seconds + 2) }, () => signed(port, GET, {}, key));
  let next = 0;
  return measureRow({
    name,
    port,
    connections: 32,
    seconds,
    warmupSeconds: 2,
    next: () => pool[next++] ?? signed(port, GET, {}, key),
    abort: crashed(child),
    pids: [child.pid],
  });
}

try {
  const canopyPort = await freePort();
  const canopy = spawnCanopy(canopyPort, join(workDir, 'canopy'));
  children.push(canopy);
  await waitHealthy(canopy, canopyPort);
  const [key] = await createAccounts(canopyPort, 1, { enterprise: true });
  const init = await callRpc(canopyPort, 'InitResourceDirectory', {}, key!);
  if (init.status !== 200) throw new Error(`InitResourceDirectory failed: ${init.status} ${init.body}`);
  const bare = await spawnServing('bare node:http', [join(REPO_ROOT, 'bench', 'bare-server.mjs')]);
  const floor = await spawnServing('floor', [
    join(REPO_ROOT, 'bench', 'floor-get-server.mjs'),
    join(workDir, 'floor.db'),
    key!.accessKeyId,
    key!.accessKeySecret,
  ]);
  children.push(bare.child, floor.child);
  const servers = [
    { name: 'bare node:http', port: bare.port, child: bare.child },
    { name: 'floor of a signed Get', port: floor.port, child: floor.child },
    { name: `Canopy ${GET}`, port: canopyPort, child: canopy },
  ];
  const results: RowResult[][] = servers.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    const measured: RowResult[] = [];
    for (const [index, server] of servers.entries()) {
      const result = await row(server.name, server.port, server.child, key!);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${server.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      results[index]!.push(result);
      measured.push(result);
    }
    const bareRps = measured[0]!.rps;
    const cells = measured.map(
      (r) => `${r.name} ${r.rps.toFixed(0)} req/s (${(r.rps / bareRps).toFixed(2)} x bare, ${r.cpuUsPerRequest?.toFixed(0)} us/req)`,
    );
    console.log(`round ${round}: ${cells.join('; ')}`);
  }
  console.log(`\nmedians of ${rounds} rounds:`);
  for (const [index, server] of servers.entries()) {
    const ratios = results[index]!.map((r, round) => r.rps / results[0]![round]!.rps);
    const cpu = results[index]!.map((r) => r.cpuUsPerRequest ?? Number.NaN);
    console.log(
      `  ${server.name.padEnd(32)} ${median(ratios).toFixed(2)} x bare  ${median(cpu).toFixed(0).padStart(4)} us of server CPU per request`,
    );
  }
  const canopyOfFloor = results[2]!.map((r, round) => r.rps / results[1]![round]!.rps);
  console.log(`  Canopy / floor: ${median(canopyOfFloor).toFixed(2)}`);
} finally {
  for (const child of children) await stopChild(child);
  rmSync(workDir, { recursive: true, force: true });
}
