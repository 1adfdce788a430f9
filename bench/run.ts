// `npm run bench`: throughput and latency of the built Canopy server against a bare node:http server
// under the same load generator, then cold start and peak memory. A measurement, not a test: it
// exits 0 whatever the figures are, and non-zero only when something crashed.
//
// Environment (all optional):
//   BENCH_SECONDS         measured seconds per row (default 10)
//   BENCH_CONNECTIONS     concurrent keep-alive connections of autocannon (default 32)
//   BENCH_WARMUP_SECONDS  warm-up before each row, figures discarded (default 2)
//   BENCH_COLD_STARTS     how many cold starts to time (default 5)
//
// `npm run bench -- --soak` runs the soak instead (bench/soak.ts: consecutive windows on one server).
//
// Everything listens on 127.0.0.1 only; children and temp dirs are removed on exit, Ctrl-C included.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CANOPY_ENTRY,
  callRpc,
  createAccounts,
  PHONE,
  signed,
  spawnCanopy,
  waitHealthy,
  waitOutboxDrained,
  type AccessKey,
} from './canopy-api.js';
import { crashed, freePort, killAll, peakRssMb, REPO_ROOT, spawnServing, stopChild, type Child } from './children.js';
import { measureColdStarts } from './cold-start.js';
import { measureRow, type RowResult } from './load.js';
import { type PostgresRows, printReport } from './report.js';
import { countersOf, parkedProvider, perSend, roundTripsPerSendQuiet } from './round-trips.js';
import { runSoak } from './soak.js';

function positive(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

const SECONDS = positive('BENCH_SECONDS', 10);
const CONNECTIONS = positive('BENCH_CONNECTIONS', 32);
const WARMUP_SECONDS = positive('BENCH_WARMUP_SECONDS', 2, 0);
const COLD_STARTS = positive('BENCH_COLD_STARTS', 5);

// The documented quota: 100 SendVerificationCodeForEnableRD per account per day. The send row
// rotates over enough accounts that it never bites, sized from the re-signed bare row (the load
// generator cannot send signed requests faster than it does there) with a 1.5x margin for noise.
const SENDS_PER_ACCOUNT = 100;
const ACCOUNT_MARGIN = 1.5;

const SEND = 'SendVerificationCodeForEnableRD';
const GET = 'GetResourceDirectory';

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

const workDir = mkdtempSync(join(tmpdir(), 'canopy-bench-'));
const cleanup = () => {
  killAll();
  rmSync(workDir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping children and removing ${workDir}`);
    cleanup();
    process.exit(130);
  });
}

const rowTiming = { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS };

/**
 * The bare node:http server, kept up for the whole run: its row is the reference of the "x bare"
 * ratio, measured again just before each Canopy row it is compared with, because the machine's other
 * load drifts by a third within minutes. Its requests are pre-signed and taken from a pool through
 * the same setupRequest hook as the measured Canopy rows, so client work is identical. The
 * re-signed row signs every request inside the hook; on a small machine that caps what one
 * autocannon can send, which is why the Canopy rows are pre-signed too.
 */
interface Bare {
  /** The reference row, measured now. */
  measure(label: string): Promise<RowResult>;
  resigned(): Promise<RowResult>;
  stop(): Promise<void>;
}

async function startBare(): Promise<Bare> {
  const { child, port } = await spawnServing('bare node:http', [join(REPO_ROOT, 'bench', 'bare-server.mjs')]);
  const dummy: AccessKey = { accessKeyId: 'LTAI5tBenchBareServerKey', accessKeySecret: 'bare-server-ignores-the-signature' };
  const sign = () => signed(port, SEND, { SecureMobilePhone: PHONE }, dummy);
  // The bare server checks nothing, so a small pool can be cycled.
  const pool = Array.from({ length: 1000 }, sign);
  let turn = 0;
  const row = { port, ...rowTiming, abort: crashed(child), pids: [child.pid] };
  return {
    measure(label) {
      log(`bare node:http on :${port} (${label}): ${WARMUP_SECONDS} s warm-up + ${SECONDS} s, pre-signed requests`);
      return measureRow({ ...row, name: 'bare node:http', next: () => pool[turn++ % pool.length]! });
    },
    resigned() {
      log(`bare node:http on :${port}: ${WARMUP_SECONDS} s warm-up + ${SECONDS} s, re-signed per request`);
      return measureRow({ ...row, name: 'bare node:http, re-signed per request', next: sign });
    },
    stop: () => stopChild(child),
  };
}

/**
 * A Canopy row whose requests are signed before the clock starts: the warm-up signs on demand and
 * tells roughly how many requests the measured run needs; that many (with a margin) are signed up
 * front, each with its own nonce. Should the pool run dry, requests are signed on demand and a note
 * says how many.
 */
async function measureSigned(
  target: { name: string; port: number; morePorts?: readonly number[]; pids: readonly number[]; postgres?: boolean },
  make: () => SignedRequest,
  abort: Promise<never>,
  notes: string[],
): Promise<RowResult> {
  const { name } = target;
  const row = { ...target, connections: CONNECTIONS, warmupSeconds: 0, abort };
  const warm = WARMUP_SECONDS > 0 ? await measureRow({ ...row, seconds: WARMUP_SECONDS, next: make }) : undefined;
  const size = Math.min(400_000, Math.ceil((warm?.rps ?? 10_000) * 2 * SECONDS));
  const pool = Array.from({ length: size }, make);
  let turn = 0;
  let extra = 0;
  const next = () => {
    const ready = pool[turn++];
    if (ready !== undefined) return ready;
    extra++;
    return make();
  };
  const measured = await measureRow({ ...row, seconds: SECONDS, next });
  if (extra > 0) notes.push(`${name}: the pre-signed pool of ${size} ran dry; ${extra} requests were signed during the run`);
  return { ...measured, warmupProblems: warm ? warm.non2xx + warm.errors : 0 };
}

type SignedRequest = ReturnType<typeof signed>;

interface CanopyRows {
  readonly send: RowResult;
  readonly get: RowResult;
  /** The bare row measured just before the Get row. */
  readonly getReference: RowResult;
  readonly peakRssMb: number | undefined;
  readonly getKey: AccessKey;
  readonly notes: string[];
}

/** `clientCeilingRps`: the re-signed bare row, the fastest the generator can send signed requests. */
async function benchCanopy(dataDir: string, clientCeilingRps: number, bare: Bare): Promise<CanopyRows> {
  const port = await freePort();
  const child = spawnCanopy(port, dataDir);
  const notes: string[] = [];
  try {
    await waitHealthy(child, port);
    const died = crashed(child);

    const accounts = Math.max(10, Math.ceil((clientCeilingRps * ACCOUNT_MARGIN * (WARMUP_SECONDS + SECONDS)) / SENDS_PER_ACCOUNT));
    const createStarted = Date.now();
    const sendKeys = await Promise.race([createAccounts(port, accounts), died]);
    log(`created ${accounts} accounts through the admin API in ${Date.now() - createStarted} ms`);

    // GetResourceDirectory needs a directory: an enterprise-verified account enables one first.
    const [getKey] = await createAccounts(port, 1, { enterprise: true });
    const init = await callRpc(port, 'InitResourceDirectory', {}, getKey!);
    if (init.status !== 200) throw new Error(`InitResourceDirectory failed: ${init.status} ${init.body}`);

    let turn = 0;
    log(`Canopy ${SEND} on :${port}: ${WARMUP_SECONDS} s warm-up + ${SECONDS} s, rotating over ${accounts} accounts`);
    const send = await measureSigned(
      { name: `Canopy ${SEND}`, port, pids: [child.pid] },
      () => signed(port, SEND, { SecureMobilePhone: PHONE }, sendKeys[turn++ % sendKeys.length]!),
      died,
      notes,
    );
    notes.push(
      `send row: ${turn} requests incl. warm-up over ${accounts} accounts (quota capacity ${accounts * SENDS_PER_ACCOUNT}, ` +
        `at most ${Math.ceil(turn / accounts)} per account)`,
    );

    // The send row leaves thousands of codes to deliver; the read row measures reads, not that delivery.
    const drain = await Promise.race([waitOutboxDrained(port), died]);
    const waited = `${(drain.ms / 1000).toFixed(1)} s`;
    notes.push(
      drain.drained
        ? `get row: started after the outbox delivered the send row's codes (${waited})`
        : `get row: the outbox still held codes of the send row after ${waited}; the row measured their delivery too`,
    );
    const getReference = await Promise.race([bare.measure(`before ${GET}`), died]);
    log(`Canopy ${GET} on :${port}: ${WARMUP_SECONDS} s warm-up + ${SECONDS} s`);
    const get = await measureSigned({ name: `Canopy ${GET}`, port, pids: [child.pid] }, () => signed(port, GET, {}, getKey!), died, notes);

    // VmHWM is the high-water mark of the whole life of the process, so this covers both rows.
    const rss = peakRssMb(child.pid);
    if (child.hasExited()) throw new Error(`canopy exited during the run\n${child.stderrTail()}`);
    return { send, get, getReference, peakRssMb: rss, getKey: getKey!, notes };
  } finally {
    await stopChild(child);
  }
}

/**
 * The send load on PostgreSQL: one instance, then two instances on the same database with the
 * connections spread over both. Skipped, with a note, when no database answers.
 */
async function benchPostgres(clientCeilingRps: number, bare: Bare, notes: string[]): Promise<PostgresRows | undefined> {
  const url = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const { default: pg } = await import('pg');
  const schema = `canopy_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    notes.push(`PostgreSQL rows skipped: ${url} did not answer (${(error as Error).message})`);
    return undefined;
  }
  const env = { DATABASE_URL: url, CANOPY_DATABASE_SCHEMA: schema };
  const children: Child[] = [];
  try {
    const ports = [await freePort(), await freePort()];
    const first = spawnCanopy(ports[0]!, join(workDir, 'pg-unused'), env);
    children.push(first);
    await waitHealthy(first, ports[0]!);
    const accounts = Math.max(10, Math.ceil((clientCeilingRps * ACCOUNT_MARGIN * 2 * (WARMUP_SECONDS + SECONDS)) / SENDS_PER_ACCOUNT));
    const keys = await createAccounts(ports[0]!, accounts);
    let turn = 0;
    const make = () => signed('canopy.bench', SEND, { SecureMobilePhone: PHONE }, keys[turn++ % keys.length]!);
    // Counted before any load, on a quiet instance of its own whose deliveries are parked: the round
    // trips of one send alone (the loaded rows below count the dispatcher's too).
    const parked = await parkedProvider();
    const probePort = await freePort();
    const probe = spawnCanopy(probePort, join(workDir, 'pg-unused'), { ...env, ...parked.env });
    let quiet: number;
    try {
      await waitHealthy(probe, probePort);
      quiet = await roundTripsPerSendQuiet(probePort, keys);
    } finally {
      await parked.close();
      await stopChild(probe);
    }
    const reference = await bare.measure('before PostgreSQL');
    log(`Canopy ${SEND} on PostgreSQL, one instance`);
    const beforeOne = await countersOf([ports[0]!]);
    const one = await measureSigned(
      { name: 'PostgreSQL send, 1 instance', port: ports[0]!, pids: [first.pid], postgres: true },
      make,
      crashed(first),
      notes,
    );
    const loadedOne = perSend(beforeOne, await countersOf([ports[0]!]));
    const second = spawnCanopy(ports[1]!, join(workDir, 'pg-unused'), env);
    children.push(second);
    await waitHealthy(second, ports[1]!);
    log(`Canopy ${SEND} on PostgreSQL, two instances`);
    const died = Promise.race([crashed(first), crashed(second)]);
    const beforeTwo = await countersOf(ports);
    const two = await measureSigned(
      { name: 'PostgreSQL send, 2 instances', port: ports[0]!, morePorts: [ports[1]!], pids: [first.pid, second.pid], postgres: true },
      make,
      died,
      notes,
    );
    const loadedTwo = perSend(beforeTwo, await countersOf(ports));
    notes.push(`PostgreSQL rows: ${url.replace(/\/\/[^@]*@/, '//')} schema ${schema}, ${accounts} accounts, ${turn} requests`);
    return { rows: [one, two], reference, quietRoundTrips: quiet, loadedRoundTrips: [loadedOne, loadedTwo] };
  } finally {
    for (const child of children) await stopChild(child);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end();
  }
}

async function main(): Promise<void> {
  if (!existsSync(CANOPY_ENTRY)) throw new Error(`${CANOPY_ENTRY} is missing: run \`npm run build\` first (npm run bench does)`);
  const started = Date.now();
  const bare = await startBare();
  const plain = await bare.measure('first');
  const resigned = await bare.resigned();
  const dataDir = join(workDir, 'data');
  const canopy = await benchCanopy(dataDir, resigned.rps, bare);
  const postgres = await benchPostgres(resigned.rps, bare, canopy.notes);
  await bare.stop();
  // Restarts on the data dir the load just filled: it holds the directory that the cold-start probe
  // reads, and the thousands of accounts, codes and nonces a server restarted after use would find.
  log(`cold start x${COLD_STARTS} on the data dir of the run`);
  const coldStart = await measureColdStarts(dataDir, canopy.getKey, COLD_STARTS);

  const cpu = cpus();
  printReport({
    header:
      `Canopy benchmark: ${CONNECTIONS} connections, ${SECONDS} s per row after ${WARMUP_SECONDS} s warm-up (autocannon, V3-signed POSTs)\n` +
      `node ${process.version}, ${process.platform}/${process.arch}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}); ` +
      `load generator shares the CPUs with the server`,
    bare: plain,
    resigned,
    send: canopy.send,
    get: canopy.get,
    getReference: canopy.getReference,
    postgres,
    coldStart,
    peakRssMb: canopy.peakRssMb,
    notes: [
      'bare node:http and the Canopy rows take pre-signed requests from a pool through the same hook; the re-signed row',
      'signs inside the hook and shows the ceiling of the load generator when it signs. "x bare" divides by the bare row',
      'measured just before (column "bare ref"): the send row by the first, the Get and PostgreSQL rows by their own.',
      ...canopy.notes,
      `total wall time ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ],
  });
}

try {
  if (process.argv.includes('--soak')) {
    await runSoak(workDir, {
      windows: positive('BENCH_SOAK_WINDOWS', 4),
      seconds: positive('BENCH_SOAK_SECONDS', 15),
      advanceHours: positive('BENCH_SOAK_ADVANCE_HOURS', 25),
      connections: CONNECTIONS,
      retention: process.env['BENCH_SOAK_RETENTION'] !== 'off',
      cacheMb: process.env['BENCH_SOAK_CACHE_MB'] ? positive('BENCH_SOAK_CACHE_MB', 64, 2) : undefined,
    });
  } else await main();
} catch (error) {
  log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  cleanup();
}
