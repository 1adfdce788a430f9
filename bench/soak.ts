// `npm run bench -- --soak`: one Canopy (SQLite, durable, defaults) taking signed sends in several
// consecutive windows, each on fresh accounts, with the emulator clock advanced between windows so
// that codes expire, quota days pass and messages age out as they would over days. Prints per window
// the throughput, p99, the database on disk, the server's RSS and the rows of the growing tables.
//
// Nonces live their 15-minute timestamp window in real time, whatever the emulator clock says: the
// database reaches its steady state only once the run is longer than that, for example
// BENCH_SOAK_WINDOWS=20 BENCH_SOAK_SECONDS=50 (about 20 minutes with the set-up of each window).
//
// Environment (all optional):
//   BENCH_SOAK_WINDOWS        windows (default 4)
//   BENCH_SOAK_SECONDS        measured seconds per window (default 15)
//   BENCH_SOAK_ADVANCE_HOURS  emulator clock advance between windows (default 25: past a day of retention)
//   BENCH_SOAK_RETENTION      `off`: the pruning job never runs and SQLite keeps its default 2 MB page
//                             cache, as before retention existed (the "before" of the closing note)
//   BENCH_SOAK_CACHE_MB       CANOPY_SQLITE_CACHE_MB of the server (default: Canopy's, or 2 with retention off)
//   BENCH_CONNECTIONS         concurrent keep-alive connections (default 32)
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createAccounts, signed, spawnCanopy, waitHealthy } from './canopy-api.js';
import { crashed, freePort, stopChild } from './children.js';
import { measureRow } from './load.js';

const SEND = 'SendVerificationCodeForEnableRD';
const SENDS_PER_ACCOUNT = 100;
/** Tables that grow with every send, counted after each window. */
const TABLES = ['nonces', 'verification_codes', 'code_quota', 'outbox', 'delivery_attempts'] as const;
/** The pruning job's interval in the soak: several runs per window, so pruning competes with the load. */
const PRUNE_INTERVAL_SECONDS = 5;

interface SoakSettings {
  readonly windows: number;
  readonly seconds: number;
  readonly advanceHours: number;
  readonly connections: number;
  readonly retention: boolean;
  /** The server's SQLite page cache; undefined: the default of the mode (Canopy's with retention, SQLite's without). */
  readonly cacheMb: number | undefined;
}

interface WindowResult {
  readonly sends: number;
  readonly rps: number;
  readonly p99: number;
  readonly non2xx: number;
  /** The server's CPU time per request, dispatcher and retention job included. */
  readonly cpuUs: number | undefined;
  /** Sends answered 2xx in the window, and messages the dispatcher delivered meanwhile (its metric's increase). */
  readonly sent: number;
  readonly delivered: number;
  /** Outbox messages still pending at the window's end. */
  readonly pending: number;
  readonly fileMb: number;
  readonly walMb: number;
  readonly rssMb: number | undefined;
  readonly rows: Record<string, number>;
  /** Each table's pages with its indexes', in MB (SQLite's dbstat). */
  readonly tableMb: Record<string, number>;
}

/** The n-th of 100 US test numbers (555-0100 to 555-0199). */
const phoneOf = (n: number) => `1-2025550${100 + n}`;

const log = (message: string) => process.stderr.write(`bench soak: ${message}\n`);

function currentRssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A file's size on disk in MB, 0 when absent. */
function fileMb(path: string): number {
  try {
    return statSync(path).size / 1024 / 1024;
  } catch {
    return 0;
  }
}

/**
 * Row counts, each table's size with its indexes (dbstat) and the pending messages, through a
 * read-only connection of its own (WAL lets it read beside the server).
 */
function readTables(file: string): Pick<WindowResult, 'rows' | 'tableMb' | 'pending'> {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const pages = db
      .prepare('SELECT tbl_name AS tbl, SUM(pgsize) AS bytes FROM dbstat JOIN sqlite_schema USING (name) GROUP BY tbl_name')
      .all() as { tbl: string; bytes: number }[];
    return {
      rows: Object.fromEntries(TABLES.map((table) => [table, count(`SELECT COUNT(*) AS n FROM ${table}`)])),
      tableMb: Object.fromEntries(pages.map((p) => [p.tbl, p.bytes / 1024 / 1024])),
      pending: count("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'"),
    };
  } finally {
    db.close();
  }
}

/**
 * One admin call on a connection of its own: signing a window's pool keeps this process busy past the
 * server's keep-alive timeout, and a pooled connection the server closed meanwhile would fail the call.
 */
function admin(port: number, method: string, path: string, body?: unknown): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const call = request(
      { host: '127.0.0.1', port, method, path, agent: false, headers: { 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          (response.statusCode ?? 500) < 300 ? resolve(text) : reject(new Error(`${method} ${path}: ${response.statusCode}`)),
        );
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Messages the dispatcher has delivered since the server started (canopy_delivery_messages_total, fate sent). */
async function deliveredSoFar(port: number): Promise<number> {
  const text = await admin(port, 'GET', '/_canopy/metrics');
  let total = 0;
  for (const match of text.matchAll(/^canopy_delivery_messages_total\{[^}]*fate="sent"[^}]*\} (\d+)$/gm)) total += Number(match[1]);
  return total;
}

async function advanceClock(port: number, hours: number): Promise<void> {
  await admin(port, 'POST', '/_canopy/clock', { advanceSeconds: hours * 3600 });
}

export async function runSoak(workDir: string, settings: SoakSettings): Promise<void> {
  const port = await freePort();
  const dataDir = join(workDir, 'soak');
  const file = join(dataDir, 'canopy.db');
  const env: Record<string, string> = settings.retention
    ? { CANOPY_RETENTION_INTERVAL_SECONDS: String(PRUNE_INTERVAL_SECONDS) }
    : { CANOPY_RETENTION_INTERVAL_SECONDS: '86400', CANOPY_SQLITE_CACHE_MB: '2' };
  if (settings.cacheMb !== undefined) env['CANOPY_SQLITE_CACHE_MB'] = String(settings.cacheMb);
  const child = spawnCanopy(port, dataDir, env);
  const results: WindowResult[] = [];
  let sends = 0;
  try {
    await waitHealthy(child, port);
    const died = crashed(child);
    // Sized for the fastest window so far (a guess before the first) with a margin; every request of a
    // window is signed before it starts, which for long windows is most of the time between them.
    let expectedRps = 4000;
    let fastest = 0;
    for (let w = 0; w < settings.windows; w++) {
      if (w > 0) {
        await advanceClock(port, settings.advanceHours);
        log(`emulator clock advanced ${settings.advanceHours} h`);
      }
      const accounts = Math.ceil((expectedRps * 1.5 * settings.seconds) / SENDS_PER_ACCOUNT);
      const keys = await Promise.race([createAccounts(port, accounts), died]);
      // Each account's sends go to 100 different phones: one code per send is kept, as for real users.
      const pool = Array.from({ length: accounts * SENDS_PER_ACCOUNT }, (_, i) =>
        signed(port, SEND, { SecureMobilePhone: phoneOf(Math.floor(i / accounts)) }, keys[i % accounts]!),
      );
      let turn = 0;
      const deliveredBefore = await deliveredSoFar(port);
      log(`window ${w + 1}: ${settings.seconds} s over ${accounts} fresh accounts`);
      const row = await measureRow({
        name: `window ${w + 1}`,
        port,
        connections: settings.connections,
        seconds: settings.seconds,
        warmupSeconds: 0,
        // Past the pool (never at these sizes) the requests would exceed the quota and show as non-2xx.
        next: () => pool[turn++ % pool.length]!,
        abort: died,
        pids: [child.pid],
      });
      sends += row.total;
      fastest = Math.max(fastest, row.rps);
      expectedRps = fastest;
      results.push({
        sends,
        rps: row.rps,
        p99: row.p99,
        non2xx: row.non2xx + row.errors,
        cpuUs: row.cpuUsPerRequest,
        sent: row.total - row.non2xx,
        delivered: (await deliveredSoFar(port)) - deliveredBefore,
        fileMb: fileMb(file),
        walMb: fileMb(`${file}-wal`),
        rssMb: currentRssMb(child.pid),
        ...readTables(file),
      });
    }
  } finally {
    await stopChild(child);
  }
  printSoak(settings, results);
}

function printSoak(settings: SoakSettings, results: readonly WindowResult[]): void {
  const k = (n: number) => `${(n / 1000).toFixed(0)}k`;
  const mb = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} MB`;
  const lines = [
    `Canopy soak: ${settings.windows} windows of ${settings.seconds} s, ${settings.connections} connections, SQLite durable, ` +
      `emulator clock +${settings.advanceHours} h between windows, retention ${settings.retention ? `on (job every ${PRUNE_INTERVAL_SECONDS} s)` : 'off'}` +
      (settings.cacheMb === undefined ? '' : `, SQLite cache ${settings.cacheMb} MB`),
    '',
    `| window | sends so far | req/s | p99 | CPU us/req | non-2xx | sent | delivered | pending | file | WAL | RSS | ${TABLES.map((t) => `${t} rows / MB`).join(' | ')} |`,
    `|---|---|---|---|---|---|---|---|---|---|---|---|${TABLES.map(() => '---').join('|')}|`,
    ...results.map(
      (r, i) =>
        `| ${i + 1} | ${k(r.sends)} | ${r.rps.toFixed(0)} | ${r.p99.toFixed(1)} ms | ${r.cpuUs === undefined ? 'n/a' : r.cpuUs.toFixed(0)} | ${r.non2xx} | ${k(r.sent)} | ${k(r.delivered)} | ${k(r.pending)} | ` +
        `${mb(r.fileMb)} | ${mb(r.walMb)} | ${r.rssMb === undefined ? 'n/a' : mb(r.rssMb)} | ` +
        `${TABLES.map((t) => `${k(r.rows[t] ?? 0)} / ${mb(r.tableMb[t] ?? 0)}`).join(' | ')} |`,
    ),
  ];
  const first = results[0];
  const last = results.at(-1);
  if (first && last) lines.push('', `last window / first window throughput: ${((100 * last.rps) / first.rps).toFixed(0)} %`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
