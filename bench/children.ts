// Child processes of the benchmark: the bare server and the built Canopy server. Every child is
// tracked so that a crash, Ctrl-C or a thrown error never leaves a server running behind us.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
export { freePort } from '../test/helpers/free-port.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly pid: number;
  /** Settles when the process has exited, with its code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once the process has exited, whether or not we asked it to. */
  hasExited(): boolean;
  /** The last few KB of stderr, to explain a crash. */
  stderrTail(): string;
}

const live = new Set<Child>();

// Last resort: 'exit' handlers must be synchronous, and kill() is.
process.on('exit', () => {
  for (const child of live) child.process.kill('SIGKILL');
});

/**
 * Starts `node <args>` from the repository root. stdout either goes to /dev/null ('ignore', so a
 * chatty logger can never block on a full pipe) or is piped for the caller to read and drain.
 */
export function spawnNode(name: string, args: readonly string[], env: NodeJS.ProcessEnv, stdout: 'ignore' | 'pipe'): Child {
  const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', stdout, 'pipe'] });
  if (proc.pid === undefined) throw new Error(`could not spawn ${name}`);
  let tail = '';
  // Always drained: a stack trace is the one thing worth keeping, and an unread pipe could block.
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4096);
  });
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => {
      done = true;
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const child: Child = { name, process: proc, pid: proc.pid, exited, hasExited: () => done, stderrTail: () => tail };
  live.add(child);
  return child;
}

/** Starts a plain server script (bare-server.mjs, the floor servers) that prints `{"port":N}` as its first stdout line. */
export async function spawnServing(name: string, args: readonly string[]): Promise<{ child: Child; port: number }> {
  const child = spawnNode(name, args, process.env, 'pipe');
  const lines = createInterface({ input: child.process.stdout! });
  const first = new Promise<string>((resolve) => lines.once('line', resolve));
  const line = await Promise.race([first, crashed(child)]);
  // Keep draining (it writes nothing more, but an unread pipe must never be able to block it).
  child.process.stdout!.resume();
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

/** SIGTERM (so Canopy flushes and closes its database), then SIGKILL if it takes too long. */
export async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  if (child.hasExited()) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export function killAll(): void {
  for (const child of live) child.process.kill('SIGKILL');
}

/** Peak resident set size (VmHWM) in MB of 1024 * 1024 bytes, or undefined off Linux. */
export function peakRssMb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// Linux's USER_HZ, the unit of utime and stime in /proc/<pid>/stat (`getconf CLK_TCK`; 100 everywhere in practice).
export const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) the processes have used so far (with `mainThreadOnly`, their main
 * threads': where Node runs JavaScript), or undefined off Linux. Time the
 * hypervisor or other processes took from them is not counted, which is why the bench reports it:
 * on a shared machine a row's throughput moves with its neighbours, its CPU per request far less.
 */
export function cpuSeconds(pids: readonly number[], mainThreadOnly = false): number | undefined {
  let ticks = 0;
  try {
    for (const pid of pids) {
      // A process's main thread has the process's id as its thread id.
      const stat = readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return undefined;
  }
  return ticks / TICKS_PER_SECOND;
}

/** Rejects as soon as the child exits: used to race a long wait against an unexpected crash. */
export function crashed(child: Child): Promise<never> {
  const death = child.exited.then(({ code, signal }): never => {
    throw new Error(`${child.name} (pid ${child.pid}) exited unexpectedly (code ${code}, signal ${signal})\n${child.stderrTail()}`);
  });
  // The race that uses this may be long over when we stop the child on purpose; don't let that
  // planned exit surface as an unhandled rejection.
  death.catch(() => {});
  return death;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
