// Where a row's CPU went: the whole machine's (busy and stolen), the load generator's own, and
// PostgreSQL's, so that the report can say what bounds a row. On two cores shared by the server, the
// generator and PostgreSQL, a row whose machine is busy all the time serves at most
// cores / (CPU of all three per request) requests per second, whatever the server does.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { cpuSeconds, TICKS_PER_SECOND } from './children.js';

/** The whole machine's CPU time in seconds, from /proc/stat's first line; undefined off Linux. */
interface MachineTicks {
  readonly busy: number;
  readonly steal: number;
  readonly total: number;
}

function machineTicks(): MachineTicks | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user).
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq!;
    return {
      busy: busy / TICKS_PER_SECOND,
      steal: steal! / TICKS_PER_SECOND,
      total: (busy + idle! + iowait! + steal!) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/** The processes of every PostgreSQL cluster on this machine (backends, WAL writer, checkpointer...). */
function postgresPids(): number[] {
  const pids: number[] = [];
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
      } catch {
        // Gone meanwhile.
      }
    }
  } catch {
    // No /proc.
  }
  return pids;
}

/** CPU per request of one measured run, in microseconds; each undefined where it cannot be read. */
export interface CpuShares {
  /** Share of all the machine's cores busy over the run (0 to 1), other tenants' processes included. */
  readonly machineBusy: number | undefined;
  /** Share of the cores' time the hypervisor gave to other machines: lost to the row, not counted as busy. */
  readonly steal: number | undefined;
  /** The bench process itself (autocannon and the request pool): the load generator. */
  readonly generatorUsPerRequest: number;
  /** Every PostgreSQL process on the machine, for the rows that use it. */
  readonly postgresUsPerRequest: number | undefined;
}

/** Starts measuring; the function it returns ends the measurement over `requests` requests. */
export function startCpuShares(withPostgres: boolean): (requests: number) => CpuShares {
  const machine = machineTicks();
  const generator = process.cpuUsage();
  const pgBefore = withPostgres ? new Map(postgresPids().map((pid) => [pid, cpuSeconds([pid])])) : undefined;
  return (requests) => {
    const after = machineTicks();
    const span = machine && after ? after.total - machine.total : 0;
    const used = process.cpuUsage(generator);
    // A backend that ended during the run loses its share; the pools keep theirs open throughout.
    let pgSeconds = 0;
    for (const [pid, before] of pgBefore ?? []) {
      const now = cpuSeconds([pid]);
      if (before !== undefined && now !== undefined) pgSeconds += now - before;
    }
    const perRequest = (seconds: number) => (seconds * 1e6) / Math.max(1, requests);
    return {
      machineBusy: span > 0 ? (after!.busy - machine!.busy) / span : undefined,
      steal: span > 0 ? (after!.steal - machine!.steal) / span : undefined,
      generatorUsPerRequest: perRequest((used.user + used.system) / 1e6),
      postgresUsPerRequest: pgBefore === undefined || pgBefore.size === 0 ? undefined : perRequest(pgSeconds),
    };
  };
}

/** The cores the rows share. */
export const CORES = availableParallelism();
