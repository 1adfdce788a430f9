// `node --import tsx bench/cold-start-compare.ts <entry> [<entry> ...]`: cold starts of several builds
// of the command line, taken in turn (A, B, C, A, B, C, ...) on one data dir, so that the machine's
// drift falls on all of them alike; the bench's own cold start row measures one build five times.
// An entry is what follows `node`: `dist/bundle/canopy.js`, or another revision's build in a worktree
// of its own (`git worktree add ../old <rev>`, a symlink to this node_modules, `npm run build` there:
// `../old/dist/bundle/canopy.js`); `serve` is added. COLD_RUNS sets the starts per entry (15).
// Prints, per entry, the wall time from spawn to the first signed 200 and the server's CPU time until
// then (user + system, in 10 ms ticks), as medians and maxima. COLD_TRACE=1 preloads
// bench/first-answer.cjs into every start (the same cost for each entry) and adds, as medians, what
// the server knew at its first 200: ms since it began, CPU ms, and V8's collections and their ms.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CANOPY_ENTRY, callRpc, createAccounts, waitHealthy } from './canopy-api.js';
import { freePort, REPO_ROOT, spawnNode, stopChild } from './children.js';
import { firstSignedSuccess, median } from './cold-start.js';

const entries = process.argv.slice(2).map((entry) => entry.split(' '));
if (entries.length === 0) {
  process.stderr.write('usage: node --import tsx bench/cold-start-compare.ts <entry> [<entry> ...]\n');
  process.exit(2);
}
const runs = Number(process.env['COLD_RUNS'] ?? 15);
const trace = process.env['COLD_TRACE'] === '1';
const dataDir = mkdtempSync(join(tmpdir(), 'canopy-cold-'));
const traceFile = join(dataDir, 'first-answers.jsonl');
const env = (port: number, entry = '') => ({
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  CANOPY_DATA_DIR: dataDir,
  CANOPY_STORE: 'sqlite',
  FIRST_ANSWER_FILE: traceFile,
  FIRST_ANSWER_ENTRY: entry,
});
const preload = trace ? ['-r', join(REPO_ROOT, 'bench', 'first-answer.cjs')] : [];

/** User + system CPU of a process so far, in ms (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

try {
  // The data dir every start opens: an account with a directory, as in the bench's cold start.
  const setupPort = await freePort();
  const setup = spawnNode('canopy', [CANOPY_ENTRY, 'serve'], env(setupPort), 'ignore');
  await waitHealthy(setup, setupPort);
  const [key] = await createAccounts(setupPort, 1, { enterprise: true });
  const init = await callRpc(setupPort, 'InitResourceDirectory', {}, key!);
  if (init.status !== 200) throw new Error(`InitResourceDirectory failed: ${init.status} ${init.body}`);
  await stopChild(setup);

  const results = entries.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let run = 0; run < runs; run++) {
    for (const [index, entry] of entries.entries()) {
      const port = await freePort();
      const started = performance.now();
      const child = spawnNode('canopy', [...preload, ...entry, 'serve'], env(port, String(index)), 'ignore');
      try {
        await firstSignedSuccess(child, port, key!, started);
        results[index]!.wall.push(performance.now() - started);
        results[index]!.cpu.push(cpuMs(child.pid));
      } finally {
        await stopChild(child);
      }
    }
  }
  for (const [index, entry] of entries.entries()) {
    const { wall, cpu } = results[index]!;
    console.log(
      `${entry.join(' ')}: wall median ${median(wall).toFixed(0)} ms, max ${Math.max(...wall).toFixed(0)}; ` +
        `CPU median ${median(cpu)} ms, max ${Math.max(...cpu)} (${runs} starts)`,
    );
    if (trace) console.log(`  ${firstAnswers(String(index))}`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

/** The medians of bench/first-answer.cjs's lines for one entry. */
function firstAnswers(entry: string): string {
  interface FirstAnswer {
    entry: string;
    elapsedMs: number;
    cpuMs: number;
    collections: number;
    collectionMs: number;
  }
  const lines = existsSync(traceFile) ? readFileSync(traceFile, 'utf8').trim().split('\n') : [];
  const mine = lines.map((line) => JSON.parse(line) as FirstAnswer).filter((answer) => answer.entry === entry);
  if (mine.length === 0) return 'no first answer recorded (does the entry run node:http?)';
  const at = (pick: (answer: FirstAnswer) => number) => median(mine.map(pick)).toFixed(1);
  return (
    `at the first 200, medians: ${at((a) => a.elapsedMs)} ms since the process began, ${at((a) => a.cpuMs)} ms of CPU, ` +
    `${at((a) => a.collections)} collections taking ${at((a) => a.collectionMs)} ms`
  );
}
