// Cold start: from spawning the built server on an existing data dir to its first successful signed
// response. That is what a user waits for after `canopy serve` (or a container restart) before the
// first SDK call works, so it includes Node's own start-up, module loading, opening and migrating
// the database, and binding the port.
import { performance } from 'node:perf_hooks';
import { type Child, freePort, sleep, stopChild } from './children.js';
import { probeRpc, spawnCanopy, type AccessKey } from './canopy-api.js';

export interface ColdStart {
  readonly timesMs: readonly number[];
  readonly medianMs: number;
  readonly maxMs: number;
}

const POLL_MS = 5;
const GIVE_UP_MS = 15_000;

export async function measureColdStarts(dataDir: string, key: AccessKey, runs: number): Promise<ColdStart> {
  const timesMs: number[] = [];
  for (let run = 0; run < runs; run++) timesMs.push(await coldStartOnce(dataDir, key));
  return { timesMs, medianMs: median(timesMs), maxMs: Math.max(...timesMs) };
}

/** The middle value (the lower of the two middle ones for an even count). */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

async function coldStartOnce(dataDir: string, key: AccessKey): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnCanopy(port, dataDir);
  try {
    await firstSignedSuccess(child, port, key, started);
    return performance.now() - started;
  } finally {
    await stopChild(child);
  }
}

/**
 * Polls a server `child` started at `started` (performance.now()) with signed GetResourceDirectory
 * calls until one answers 200; fails if it exits first or takes longer than GIVE_UP_MS.
 */
export async function firstSignedSuccess(child: Child, port: number, key: AccessKey, started: number): Promise<void> {
  let last = '';
  while (performance.now() - started < GIVE_UP_MS) {
    if (child.hasExited()) throw new Error(`canopy exited during start-up\n${child.stderrTail()}`);
    // A refused connection (status 0) or any non-2xx answer counts as "not ready yet".
    const { status, body } = await probeRpc(port, 'GetResourceDirectory', key);
    if (status === 200) return;
    if (status !== 0) last = `${status} ${body.slice(0, 300)}`;
    await sleep(POLL_MS);
  }
  throw new Error(`no successful GetResourceDirectory within ${GIVE_UP_MS} ms (last answer: ${last || 'connection refused'})`);
}
