// `node --import tsx bench/profile-row.ts <send|get|cold|pg-send> [seconds] [--sql] [--gc]`: a CPU profile of the
// built server (npm run build first) serving one row of `npm run bench`, for docs/development.md,
// "Profiling". `pg-send` is the send on PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL, a
// schema of its own, dropped at the end); the profile is Canopy's, not PostgreSQL's. It runs the
// compiled tree (dist/cli), not the bundle the bench runs (dist/bundle), so that time is told by package
// and file; `cold` is the exception's price: the tree's start-up loads ~640 files the bundle does not.
//
// A first server, not profiled, prepares a data dir as the bench does (accounts through the admin
// API, a directory for GetResourceDirectory); a second one is started on it with `node --cpu-prof`,
// driven with the row's load (pre-signed requests, the bench's connections and warm-up), and stopped
// with SIGTERM, which writes the profile. So the profile holds start-up and the row, no set-up.
// `cold` profiles start-up only: spawn, the first signed GetResourceDirectory, stop.
// `--sql` (SQLite rows) also times every SQL statement the server ran during the measured run
// (bench/sqlite-timings.cjs) and prints them by statement, per request of the row. `--gc` (not with
// `cold`) adds the garbage collections of the measured run (bench/gc-trace.ts).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { callRpc, createAccounts, PHONE, probeRpc, signed, waitHealthy } from './canopy-api.js';
import { crashed, freePort, REPO_ROOT, sleep, spawnNode, stopChild } from './children.js';
import { traceGc } from './gc-trace.js';
import { measureRow } from './load.js';

const ROWS = {
  send: 'SendVerificationCodeForEnableRD',
  get: 'GetResourceDirectory',
  cold: 'GetResourceDirectory',
  'pg-send': 'SendVerificationCodeForEnableRD',
} as const;
type Row = keyof typeof ROWS;

const sqlTimings = process.argv.includes('--sql');
const gc = process.argv.includes('--gc');
const [row, secondsArg] = process.argv.slice(2).filter((arg) => arg !== '--sql' && arg !== '--gc') as [Row | undefined, string | undefined];
if (row === undefined || !(row in ROWS) || (sqlTimings && (row === 'pg-send' || row === 'cold')) || (gc && row === 'cold')) {
  process.stderr.write(
    'usage: node --import tsx bench/profile-row.ts <send|get|cold|pg-send> [seconds] [--sql: send and get only] [--gc]\n',
  );
  process.exit(2);
}
const seconds = Number(secondsArg ?? 10);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const outDir = resolve(process.env['PROFILE_DIR'] ?? 'profiles');
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'canopy-profile-'));
const log = (message: string) => process.stderr.write(`profile: ${message}\n`);

const databaseUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `canopy_profile_${process.pid}`;
const store =
  row === 'pg-send' ? { DATABASE_URL: databaseUrl, CANOPY_DATABASE_SCHEMA: schema } : { CANOPY_DATA_DIR: dataDir, CANOPY_STORE: 'sqlite' };
// The bench's environment for the server (bench/canopy-api.ts), with the node flags in front.
const timingsFile = join(dataDir, 'sqlite-timings.json');
const env = (port: number) => ({ ...process.env, PORT: String(port), HOST: '127.0.0.1', ...store, SQLITE_TIMINGS_FILE: timingsFile });
const sends = row === 'send' || row === 'pg-send';
const serve = (port: number, nodeArgs: string[], stdout: 'ignore' | 'pipe' = 'ignore') =>
  spawnNode('canopy', [...nodeArgs, join(REPO_ROOT, 'dist', 'cli', 'index.js'), 'serve'], env(port), stdout);

try {
  // Set-up on a server that is not profiled. The quota is 100 sends per account and day.
  const setupPort = await freePort();
  const setup = serve(setupPort, []);
  await waitHealthy(setup, setupPort);
  const sendKeys = sends ? await createAccounts(setupPort, Math.ceil((seconds + 2) * 60)) : [];
  const [getKey] = await createAccounts(setupPort, 1, { enterprise: true });
  const init = await callRpc(setupPort, 'InitResourceDirectory', {}, getKey!);
  if (init.status !== 200) throw new Error(`InitResourceDirectory failed: ${init.status} ${init.body}`);
  await stopChild(setup);

  const port = await freePort();
  const before = new Set(readdirSync(outDir));
  const timingArgs = sqlTimings ? ['--require', join(REPO_ROOT, 'bench', 'sqlite-timings.cjs')] : [];
  const gcArgs = gc ? ['--trace-gc-nvp'] : [];
  const child = serve(port, [...timingArgs, ...gcArgs, '--cpu-prof', `--cpu-prof-dir=${outDir}`], gc ? 'pipe' : 'ignore');
  const gcTrace = gc ? traceGc(child) : undefined;
  let measuredRequests = 0;
  if (row === 'cold') {
    while ((await probeRpc(port, ROWS.get, getKey!)).status !== 200) {
      if (child.hasExited()) throw new Error(child.stderrTail());
      await sleep(5);
    }
  } else {
    await waitHealthy(child, port);
    let turn = 0;
    const make = sends
      ? () => signed(port, ROWS.send, { SecureMobilePhone: PHONE }, sendKeys[turn++ % sendKeys.length]!)
      : () => signed(port, ROWS.get, {}, getKey!);
    // Signed before the clock starts, as in the bench: the load generator shares the CPUs.
    const pool = Array.from({ length: Math.min(400_000, 8_000 * (seconds + 2)) }, make);
    let next = 0;
    log(`${ROWS[row]} on :${port}: 2 s warm-up + ${seconds} s, ${connections} connections`);
    const result = await measureRow({
      name: ROWS[row],
      port,
      connections,
      seconds,
      warmupSeconds: 2,
      next: () => pool[next++] ?? make(),
      abort: crashed(child),
      // The preload's reset (bench/sqlite-timings.cjs); without it SIGUSR2 would end the server.
      beforeMeasured: () => {
        if (sqlTimings) child.process.kill('SIGUSR2');
        gcTrace?.start();
      },
    });
    measuredRequests = result.total;
    log(
      `${result.rps.toFixed(0)} req/s, p99 ${result.p99.toFixed(2)} ms, ${result.non2xx} non-2xx, ${result.errors} errors (slower than the bench: profiling costs)`,
    );
  }
  await stopChild(child, 30_000);
  const written = readdirSync(outDir).filter((name) => name.endsWith('.cpuprofile') && !before.has(name));
  if (written.length === 0) throw new Error(`no profile written to ${outDir}\n${child.stderrTail()}`);
  const path = join(outDir, written[0]!);
  console.log(summary(path));
  if (sqlTimings) console.log(`\n${statementTable(timingsFile, measuredRequests)}`);
  if (gcTrace) console.log(`\n${gcTrace.summary()}`);
  console.log(`\n${path}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  if (row === 'pg-send') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

/** The statements of the measured run, slowest in all first, per request of the row. */
function statementTable(file: string, requests: number): string {
  const timings = JSON.parse(readFileSync(file, 'utf8')) as { statements: { sql: string; calls: number; ns: number }[]; commits: number[] };
  const rows = timings.statements.sort((a, b) => b.ns - a.ns);
  const total = rows.reduce((sum, row) => sum + row.ns, 0);
  const line = (row: { sql: string; calls: number; ns: number }) =>
    `${(row.ns / 1e3 / requests).toFixed(1).padStart(7)}  ${(row.calls / requests).toFixed(2).padStart(6)}  ${(row.ns / 1e3 / row.calls).toFixed(1).padStart(8)}  ${row.sql.replace(/\s+/g, ' ').slice(0, 110)}`;
  return [
    `SQLite statements over the measured run (${requests} requests): ${(total / 1e3 / requests).toFixed(1)} us per request in all`,
    ' us/req  calls/req  us/call  statement',
    ...rows.slice(0, 20).map(line),
    commitLine(timings.commits),
  ].join('\n');
}

/** The spread of COMMIT times: the long ones are WAL checkpoints (bench/sqlite-timings.cjs). */
function commitLine(commits: number[]): string {
  if (commits.length === 0) return 'no COMMIT in the measured run';
  const sorted = [...commits].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const long = sorted.filter((ns) => ns > 2e6);
  return (
    `\nCOMMIT: ${sorted.length} calls, median ${(at(0.5) / 1e3).toFixed(0)} us, p99 ${(at(0.99) / 1e3).toFixed(0)} us, ` +
    `max ${(sorted.at(-1)! / 1e6).toFixed(1)} ms; ${long.length} over 2 ms (WAL checkpoints) took ${(sum(long) / 1e6).toFixed(0)} ms, ` +
    `${((100 * sum(long)) / sum(sorted)).toFixed(0)} % of all COMMIT time, on the event loop`
  );
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

/** Self time by function and by package, the first look; the flame chart is in DevTools. */
function summary(path: string): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const us = profile.timeDeltas[index] ?? 0;
    total += us;
    const file = url.replace(/^.*\/(node_modules|dist)\//, '$1/');
    const fn = `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const place = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes('/dist/') ? 'canopy' : url ? 'node' : functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  });
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, us]) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
  return [
    `self time, ${(total / 1e6).toFixed(1)} s sampled`,
    '',
    'by place:',
    ...top(byPlace, 12),
    '',
    'by function:',
    ...top(byFunction, 25),
  ].join('\n');
}
