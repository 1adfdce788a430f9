// Printing: the throughput table, the cold-start and memory figures, and each target with PASS/MISS.
// A row with any non-2xx answer or connection error is shouted about, because its throughput and
// latency then describe error handling, not the operation named in the row.
import type { ColdStart } from './cold-start.js';
import type { RowResult } from './load.js';
import { CORES } from './machine-cpu.js';

/** The send on PostgreSQL, 1 and 2 instances, with the round trips the servers counted. */
export interface PostgresRows {
  readonly rows: readonly [RowResult, RowResult];
  /** The bare row measured just before the first of them: the reference of both. */
  readonly reference: RowResult;
  /** Round trips of one send alone, on a quiet instance (canopy_store_round_trips_total around single sends). */
  readonly quietRoundTrips: number;
  /** Round trips per send over each row's run (warm-up included), the delivery dispatcher's included. */
  readonly loadedRoundTrips: readonly [number, number];
}

export interface Report {
  readonly header: string;
  readonly bare: RowResult;
  readonly resigned: RowResult;
  readonly send: RowResult;
  readonly get: RowResult;
  /** The bare row measured just before the Get row: its reference. */
  readonly getReference: RowResult;
  /** PostgreSQL rows, when a database was reachable. */
  readonly postgres: PostgresRows | undefined;
  readonly coldStart: ColdStart;
  readonly peakRssMb: number | undefined;
  readonly notes: readonly string[];
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** The bare row each row is compared with: the one measured just before it (the first for the send row). */
function referenceOf(report: Report): (row: RowResult) => RowResult {
  const references = new Map<RowResult, RowResult>([[report.get, report.getReference]]);
  for (const row of report.postgres?.rows ?? []) references.set(row, report.postgres!.reference);
  return (row) => references.get(row) ?? report.bare;
}

function table(rows: readonly RowResult[], reference: (row: RowResult) => RowResult, roundTrips: ReadonlyMap<RowResult, number>): string {
  const header = [
    'row',
    'req/s',
    'p50 ms',
    'p99 ms',
    'bare ref',
    'x bare',
    'CPU us/req',
    'CPU x bare',
    'non-2xx',
    'conn errors',
    'round trips/send',
  ];
  const body = rows.map((row) => [
    row.name,
    fixed(row.rps, 0),
    fixed(row.p50, 2),
    fixed(row.p99, 2),
    fixed(reference(row).rps, 0),
    fixed(row.rps / reference(row).rps, 2),
    row.cpuUsPerRequest === undefined ? 'n/a' : fixed(row.cpuUsPerRequest, 0),
    row.cpuUsPerRequest === undefined || reference(row).cpuUsPerRequest === undefined
      ? 'n/a'
      : fixed(reference(row).cpuUsPerRequest! / row.cpuUsPerRequest, 2),
    String(row.non2xx),
    String(row.errors),
    roundTrips.has(row) ? fixed(roundTrips.get(row)!, 2) : '',
  ]);
  return aligned(header, body);
}

/** All the CPU a request of the row cost on this machine: the server's, the generator's and PostgreSQL's. */
const allCpuUs = (row: RowResult) =>
  (row.cpuUsPerRequest ?? Number.NaN) + row.shares.generatorUsPerRequest + (row.shares.postgresUsPerRequest ?? 0);

/**
 * Where each row's CPU went. With the machine busy throughout, a row serves at most
 * cores / (all its CPU per request): its ceiling on this machine at that cost.
 */
function cpuTable(rows: readonly RowResult[], reference: (row: RowResult) => RowResult): string {
  const header = [
    'row',
    'server',
    'its main thread',
    'generator',
    'PostgreSQL',
    'all',
    'machine busy',
    'steal',
    'ceiling req/s',
    'ceiling x bare',
  ];
  const percent = (share: number | undefined) => (share === undefined ? 'n/a' : `${fixed(share * 100, 0)} %`);
  const body = rows.map((row) => {
    const ceiling = (CORES * 1e6) / allCpuUs(row);
    return [
      row.name,
      row.cpuUsPerRequest === undefined ? 'n/a' : fixed(row.cpuUsPerRequest, 0),
      row.mainThreadUsPerRequest === undefined ? 'n/a' : fixed(row.mainThreadUsPerRequest, 0),
      fixed(row.shares.generatorUsPerRequest, 0),
      row.shares.postgresUsPerRequest === undefined ? '' : fixed(row.shares.postgresUsPerRequest, 0),
      fixed(allCpuUs(row), 0),
      percent(row.shares.machineBusy),
      percent(row.shares.steal),
      fixed(ceiling, 0),
      fixed(ceiling / reference(row).rps, 2),
    ];
  });
  return aligned(header, body);
}

/** Columns padded to their widest cell, the first left-aligned, the others right-aligned. */
function aligned(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((cells) => cells[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}

function problems(row: RowResult): string[] {
  const out: string[] = [];
  if (row.non2xx > 0 || row.errors > 0) {
    out.push(
      `!!! ${row.name}: ${row.non2xx} non-2xx responses and ${row.errors} connection errors out of ${row.total}.`,
      `!!! THE FIGURES OF THIS ROW ARE MEANINGLESS. Status codes: ${JSON.stringify(row.statusCounts)}`,
      ...row.samples.map((sample) => `!!!   e.g. ${sample}`),
    );
  }
  if (row.warmupProblems > 0) out.push(`!!! ${row.name}: ${row.warmupProblems} non-2xx responses or errors during the warm-up.`);
  return out;
}

interface Target {
  readonly what: string;
  readonly figure: string;
  readonly pass: boolean;
  /** For a throughput target: the CPU per request it needs on this machine, and what the row used. */
  readonly bound?: string;
}

/**
 * What reaching `rps` would take, against what `row` used: all the CPU per request on these cores,
 * and the main thread's of each of `processes` Canopy servers, since one thread runs a server's
 * JavaScript (a row whose main thread is full cannot go faster, however idle the other core is).
 */
function needs(row: RowResult, rps: number, processes = 1): string {
  const { generatorUsPerRequest: generator, postgresUsPerRequest: postgres } = row.shares;
  const parts = [`server ${fixed(row.cpuUsPerRequest ?? Number.NaN, 0)}`, `generator ${fixed(generator, 0)}`];
  if (postgres !== undefined) parts.push(`PostgreSQL ${fixed(postgres, 0)}`);
  const machine =
    `needs <= ${fixed((CORES * 1e6) / rps, 0)} us of CPU per request in all on ${CORES} cores; ` +
    `used ${fixed(allCpuUs(row), 0)} (${parts.join(', ')}), machine ${fixed((row.shares.machineBusy ?? Number.NaN) * 100, 0)} % busy`;
  const servers = processes === 1 ? "the server's main thread" : `the ${processes} servers' main threads`;
  return (
    `${machine}\n    and <= ${fixed((processes * 1e6) / rps, 0)} us per request on ${servers}, ` +
    `where its JavaScript runs; used ${fixed(row.mainThreadUsPerRequest ?? Number.NaN, 0)}`
  );
}

// The targets of issue 13, one function per group of rows. A figure from a row with errors never passes.

/** SQLite rows: throughput as a ratio to bare node:http in the same run, and tail latency. */
function sqliteTargets(report: Report): Target[] {
  const reference = referenceOf(report);
  const sendBare = reference(report.send).rps;
  const getBare = reference(report.get).rps;
  const send = report.send.rps / sendBare;
  const get = report.get.rps / getBare;
  return [
    {
      what: 'SQLite send >= 0.30 x bare',
      figure: `${fixed(send, 2)} x`,
      pass: send >= 0.3 && valid(report.send),
      bound: needs(report.send, 0.3 * sendBare),
    },
    { what: 'SQLite send p99 < 15 ms', figure: `${fixed(report.send.p99, 2)} ms`, pass: report.send.p99 < 15 && valid(report.send) },
    {
      what: 'GetResourceDirectory >= 0.60 x bare',
      figure: `${fixed(get, 2)} x`,
      pass: get >= 0.6 && valid(report.get),
      bound: needs(report.get, 0.6 * getBare),
    },
    { what: 'GetResourceDirectory p99 < 10 ms', figure: `${fixed(report.get.p99, 2)} ms`, pass: report.get.p99 < 10 && valid(report.get) },
  ];
}

/** Issue 13's PostgreSQL targets; none when the rows were skipped. */
function postgresTargets(report: Report): Target[] {
  if (!report.postgres) return [];
  const [one, two] = report.postgres.rows;
  const bare = referenceOf(report)(one).rps;
  const ratio = one.rps / bare;
  const trips = report.postgres.quietRoundTrips;
  return [
    {
      what: 'PostgreSQL send, 1 instance >= 0.10 x bare',
      figure: `${fixed(ratio, 2)} x`,
      pass: ratio >= 0.1 && valid(one),
      bound: needs(one, 0.1 * bare),
    },
    { what: 'PostgreSQL send <= 3 round trips (counted)', figure: fixed(trips, 0), pass: trips <= 3 },
    {
      what: 'PostgreSQL send, 2 instances > 1 instance',
      figure: `${fixed(two.rps / one.rps, 2)} x`,
      pass: two.rps > one.rps && valid(one) && valid(two),
      bound: needs(two, one.rps, 2),
    },
  ];
}

/** Spawn to first signed 200, over every run of the bench. */
function coldStartTargets(report: Report): Target[] {
  const { medianMs, maxMs } = report.coldStart;
  return [
    { what: 'cold start median < 300 ms', figure: `${fixed(medianMs, 0)} ms`, pass: medianMs < 300 },
    { what: 'cold start max < 400 ms', figure: `${fixed(maxMs, 0)} ms`, pass: maxMs < 400 },
  ];
}

/** VmHWM of the SQLite server over both of its rows. */
function memoryTargets(report: Report): Target[] {
  const rss = report.peakRssMb;
  return [{ what: 'peak RSS < 150 MB', figure: rss === undefined ? 'n/a' : `${fixed(rss, 1)} MB`, pass: rss !== undefined && rss < 150 }];
}

function targets(report: Report): Target[] {
  return [...sqliteTargets(report), ...postgresTargets(report), ...coldStartTargets(report), ...memoryTargets(report)];
}

/** A row with errors cannot pass a target: its numbers measure something else. */
const valid = (row: RowResult) => row.non2xx === 0 && row.errors === 0;

export function printReport(report: Report): void {
  const pg = report.postgres;
  const rows = [report.bare, report.resigned, report.send, report.get, ...(pg?.rows ?? [])];
  const roundTrips = new Map<RowResult, number>(pg ? pg.rows.map((row, i) => [row, pg.loadedRoundTrips[i]!]) : []);
  const out: string[] = [
    report.header,
    '',
    table(rows, referenceOf(report), roundTrips),
    '',
    "CPU us/req: user + system CPU time of the server's processes over the measured run, per request (the",
    "PostgreSQL rows count Canopy's processes, not PostgreSQL's). It moves far less with the machine's other load",
    'than req/s does; "CPU x bare" is the bare row\'s figure over the row\'s, an efficiency ratio to compare runs by.',
    '',
    `where the CPU went, us per request (${CORES} cores shared by the server, the load generator and PostgreSQL):`,
    cpuTable(rows, referenceOf(report)),
    'its main thread: the part of "server" on the main thread, which runs all of the JavaScript (the rest is GC helpers',
    "and libuv's pool); a server whose main thread is busy throughout serves no faster, however idle the other core.",
    'generator: the bench process (autocannon, pre-signed requests); PostgreSQL: every postgres process on the machine.',
    'machine busy: share of all cores busy over the run, anything on the machine included; steal: time the hypervisor',
    'gave to other machines. With the machine busy throughout, a row serves at most cores / "all": its ceiling at that cost.',
  ];
  if (pg) {
    out.push(
      '',
      `PostgreSQL round trips per send, counted by the server (canopy_store_round_trips_total): ${fixed(pg.quietRoundTrips, 0)} for one send ` +
        "on a quiet instance; the table gives them per send under load, the delivery dispatcher's included.",
    );
  }
  const shouted = rows.flatMap(problems);
  if (shouted.length > 0) out.push('', ...shouted);
  const cold = report.coldStart;
  out.push(
    '',
    `cold start, spawn -> first signed 200 (${cold.timesMs.length} runs): median ${fixed(cold.medianMs, 0)} ms, max ${fixed(cold.maxMs, 0)} ms` +
      `  [${cold.timesMs.map((ms) => fixed(ms, 0)).join(', ')}]`,
    `peak RSS (VmHWM) of the Canopy server under load: ${report.peakRssMb === undefined ? 'n/a (no /proc)' : `${fixed(report.peakRssMb, 1)} MB`}`,
    '',
    'targets',
  );
  const list = targets(report);
  const width = Math.max(...list.map((target) => target.what.length));
  const figureWidth = Math.max(...list.map((target) => target.figure.length));
  for (const target of list) {
    out.push(`  ${target.what.padEnd(width)}  ${target.figure.padStart(figureWidth)}  ${target.pass ? 'PASS' : 'MISS'}`);
    if (!target.pass && target.bound) out.push(`    ${target.bound}`);
  }
  if (report.notes.length > 0) out.push('', ...report.notes);
  console.log(out.join('\n'));
}
