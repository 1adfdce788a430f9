// One row of the throughput table: autocannon's programmatic API, the same options for every row,
// a warm-up run whose figures are thrown away, then the measured run.
import autocannon from 'autocannon';
import { cpuSeconds } from './children.js';
import { type CpuShares, startCpuShares } from './machine-cpu.js';

export interface LoadOptions {
  readonly name: string;
  readonly port: number;
  /** More instances to spread the connections over (each connection sticks to one). */
  readonly morePorts?: readonly number[];
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Gives each request; called once per request, so every one can carry its own signature and nonce. */
  readonly next: () => SignedRequest;
  /** Rejects if the server under load dies, so a crash ends the row at once instead of timing out. */
  readonly abort?: Promise<never>;
  /** The server processes under load, whose CPU time per request the row reports. */
  readonly pids?: readonly number[];
  /** The row uses PostgreSQL: its processes' CPU is measured too. */
  readonly postgres?: boolean;
  /** Called between the warm-up and the measured run (bench/profile-row.ts resets its counts there). */
  readonly beforeMeasured?: () => void;
}

type SignedRequest = { path: string; headers: Record<string, string> };

export interface RowResult {
  readonly name: string;
  /** autocannon's requests.average: responses per second, averaged over its 1 s samples. */
  readonly rps: number;
  /** Exact percentiles of 2xx response times in ms (autocannon's own histogram rounds to whole ms). */
  readonly p50: number;
  readonly p99: number;
  readonly total: number;
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** A few non-2xx bodies, to say what went wrong when a row is invalid. */
  readonly samples: readonly string[];
  readonly warmupProblems: number;
  /** CPU time the server processes used per request of the measured run, in microseconds (Linux only). */
  readonly cpuUsPerRequest: number | undefined;
  /**
   * The part of it on the processes' main threads, where Node runs all of Canopy's JavaScript; the
   * rest is V8's GC helpers and libuv's pool (fsync). One thread per process bounds a row: it serves
   * at most 1e6 / (this) requests per second per process, however many cores are idle.
   */
  readonly mainThreadUsPerRequest: number | undefined;
  /** The rest of the machine's CPU over the measured run: generator, PostgreSQL, busy and stolen shares. */
  readonly shares: CpuShares;
}

export async function measureRow(options: LoadOptions): Promise<RowResult> {
  const warmup = options.warmupSeconds > 0 ? await runOnce(options, options.warmupSeconds) : undefined;
  options.beforeMeasured?.();
  const measured = await runOnce(options, options.seconds);
  return { ...measured, warmupProblems: warmup ? warmup.non2xx + warmup.errors : 0 };
}

async function runOnce(options: LoadOptions, seconds: number): Promise<Omit<RowResult, 'warmupProblems'>> {
  const cpuBefore = options.pids ? cpuSeconds(options.pids) : undefined;
  const mainBefore = options.pids ? cpuSeconds(options.pids, true) : undefined;
  const shares = startCpuShares(options.postgres === true);
  // Float64 response times, grown by doubling: sorting them at the end gives exact percentiles.
  let times = new Float64Array(1 << 16);
  let count = 0;
  const samples: string[] = [];
  const next = options.next;
  const instance = autocannon(
    {
      // autocannon spreads connections over several URLs (its typings only know one).
      url: [options.port, ...(options.morePorts ?? [])].map((port) => `http://127.0.0.1:${port}`) as unknown as string,
      connections: options.connections,
      pipelining: 1,
      duration: seconds,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          // setupRequest runs for every request autocannon sends; the object it returns is serialised
          // as is. `host` is among the signed headers, so autocannon adds no Host header of its own.
          setupRequest: (request: autocannon.Request) => ({ ...request, method: 'POST' as const, ...next() }),
          onResponse: (status, body) => {
            if ((status < 200 || status >= 300) && samples.length < 3) samples.push(`${status} ${body.slice(0, 300)}`);
          },
        },
      ],
    },
    () => {},
  );
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance.once('done', resolve);
    instance.once('error', reject);
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode < 200 || statusCode >= 300) return;
    if (count === times.length) {
      const bigger = new Float64Array(times.length * 2);
      bigger.set(times);
      times = bigger;
    }
    times[count++] = responseTime;
  });
  let result: autocannon.Result;
  try {
    result = await (options.abort ? Promise.race([done, options.abort]) : done);
  } finally {
    instance.stop();
  }
  const cpuAfter = options.pids ? cpuSeconds(options.pids) : undefined;
  const mainAfter = options.pids ? cpuSeconds(options.pids, true) : undefined;
  const perRequest = (before: number | undefined, after: number | undefined) =>
    before === undefined || after === undefined || result.requests.total === 0
      ? undefined
      : ((after - before) * 1e6) / result.requests.total;
  const sorted = times.subarray(0, count).sort();
  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]));
  return {
    name: options.name,
    rps: result.requests.average,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCounts,
    samples,
    cpuUsPerRequest: perRequest(cpuBefore, cpuAfter),
    mainThreadUsPerRequest: perRequest(mainBefore, mainAfter),
    shares: shares(result.requests.total),
  };
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
