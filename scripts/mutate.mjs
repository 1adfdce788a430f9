// Mutation testing on demand (`npm run mutate`, never in CI): plants one classic bug at a time in the
// rule-bearing code and runs the tests that should notice. A mutant that no test kills is a rule the
// suite does not hold. Written here rather than with StrykerJS: the suite runs through
// scripts/run-tests.mjs and tsx, which Stryker's runners do not drive, and no dependency is added.
//
// Mutants are applied in a temporary copy of the checkout (the tracked files plus a node_modules
// link), never in the working tree, so an interrupted run leaves nothing behind. See docs/testing.md.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { mutantsOf } from './mutate/operators.mjs';
import { testsFor } from './mutate/test-map.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    sample: { type: 'string' },
    seed: { type: 'string', default: '1' },
    list: { type: 'boolean', default: false },
    'timeout-factor': { type: 'string', default: '4' },
    'no-baseline': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
    json: { type: 'string' },
    from: { type: 'string' },
    'not-killed': { type: 'boolean', default: false },
    report: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log(`npm run mutate -- [--only src/domain/verification] [--only src/protocol/pipeline.ts] [--sample 100] [--seed 7] [--list] [--json out.json]
  --only     limit to files whose path starts with this (repeatable); default: src/domain, src/protocol, src/storage/sql
  --sample   run this many mutants drawn at random (reproducible with --seed) instead of all of them
  --list     print the mutants and the test files each would run, run nothing
  --json     also write every result to this file
  --from     run the mutants of an earlier --json file again (found by file, mutation and nearest line,
             so that lines moved by an edit still match); with --not-killed only its survivors, skipped and
             timed out (a machine paused or overloaded for a while times a mutant out)
  --report   print the scores of an earlier --json file (a run cut short included), run nothing
  --no-baseline  trust that the mapped tests pass unmutated (saves one run per file); each run then
             stops after --timeout seconds (default 600)`);
  process.exit(0);
}

const started = Date.now();
if (opts.report) {
  report(JSON.parse(readFileSync(opts.report, 'utf8')));
  process.exit(0);
}

const DEFAULT_SCOPE = ['src/domain/', 'src/protocol/', 'src/storage/sql/'];
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
const scope = opts.only ?? DEFAULT_SCOPE;
const sources = tracked.filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && scope.some((s) => f.startsWith(s)) && DEFAULT_SCOPE.some((s) => f.startsWith(s)),
);

let mutants = sources.flatMap((file) => mutantsOf(file, readFileSync(join(root, file), 'utf8')));
const total = mutants.length;
if (opts.sample) mutants = sample(mutants, Number(opts.sample), Number(opts.seed));
if (opts.from) mutants = again(mutants, JSON.parse(readFileSync(opts.from, 'utf8')), opts['not-killed']);
const plan = mutants.map((m) => ({ ...m, tests: testsFor(root, tracked, m.file) })).filter((m) => m.tests.length > 0);
const untested = mutants.length - plan.length;

if (opts.list) {
  for (const m of plan) console.log(`${m.file}:${m.line}:${m.column} ${m.operator}: ${m.before} -> ${m.after}\n    ${m.tests.join(' ')}`);
  console.log(
    `${plan.length} mutants (${total} in scope${opts.sample ? `, ${mutants.length} sampled` : ''}; ${untested} with no test file)`,
  );
  process.exit(0);
}

// The copy: tracked files only, node_modules linked, removed on every way out.
const work = mkdtempSync(join(tmpdir(), 'canopy-mutate-'));
const cleanup = () => rmSync(work, { recursive: true, force: true });
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    current?.kill();
    cleanup();
    process.exit(130);
  });
}
for (const file of tracked) {
  if (!existsSync(join(root, file))) continue;
  mkdirSync(dirname(join(work, file)), { recursive: true });
  cpSync(join(root, file), join(work, file));
}
symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));

/** @type {{ kill(): void } | undefined} */
let current;
const baselines = new Map();
const results = [];
console.log(
  `${plan.length} mutants to run (${total} in scope${opts.sample ? `, ${mutants.length} sampled` : ''}; ${untested} with no test file)`,
);

for (const [index, m] of plan.entries()) {
  const key = m.tests.join(' ');
  if (!baselines.has(key) && opts['no-baseline'])
    baselines.set(key, { outcome: 'passed', ms: (Number(opts.timeout) * 1000) / Number(opts['timeout-factor']) });
  if (!baselines.has(key)) {
    const base = await runTests(m.tests, Number.POSITIVE_INFINITY);
    baselines.set(key, base);
    console.log(`  baseline: ${m.tests.length} test files, ${Math.round(base.ms / 1000)} s`);
    if (base.outcome !== 'passed')
      console.log(`  baseline of ${key} does not pass (${base.failure ?? base.outcome}): its mutants are skipped`);
  }
  const base = baselines.get(key);
  if (base.outcome !== 'passed') {
    results.push({ ...m, outcome: 'skipped' });
    writeJson();
    continue;
  }
  const path = join(work, m.file);
  const original = readFileSync(path, 'utf8');
  writeFileSync(path, m.source);
  let run;
  try {
    run = await runTests(m.tests, Math.max(30_000, base.ms * Number(opts['timeout-factor'])));
  } finally {
    writeFileSync(path, original);
  }
  const outcome = run.outcome === 'passed' ? 'survived' : run.outcome === 'timeout' ? 'killed (timeout)' : 'killed';
  results.push({ ...m, outcome, by: run.failure });
  writeJson();
  console.log(
    `[${index + 1}/${plan.length}] ${outcome.padEnd(16)} ${m.file}:${m.line}:${m.column} ${m.operator}: ${m.before} -> ${m.after}`,
  );
}

report(results);

/** Written after every mutant, so that a run cut short keeps what it found (and --from can go on from it). */
function writeJson() {
  if (opts.json)
    writeFileSync(
      opts.json,
      `${JSON.stringify(
        results.map(({ source, ...r }) => r),
        null,
        2,
      )}\n`,
    );
}

/**
 * Runs the files, the fastest kinds first (unit tests beside the code, then contract, wire and system
 * tests): the runner starts them in this order, so a mutant a unit test kills stops within seconds.
 * Stops at the first failing test.
 */
function runTests(unordered, timeoutMs) {
  const ORDER = ['src/', 'test/contracts/', 'test/wire/'];
  const rank = (f) => {
    const i = ORDER.findIndex((prefix) => f.startsWith(prefix));
    return i === -1 ? ORDER.length : i;
  };
  const files = [...unordered].sort((a, b) => rank(a) - rank(b));
  return new Promise((done) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=tap', ...files], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const stop = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    };
    current = { kill: stop };
    let failure;
    let timedOut = false;
    let buffer = '';
    const timer = setTimeout(
      () => {
        timedOut = true;
        stop();
      },
      Math.min(timeoutMs, 2 ** 31 - 1),
    );
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const failed = /^\s*not ok \d+ - (.*)$/.exec(line);
        // A suite reports "not ok" after its test did; the first line names the test.
        if (failed && failure === undefined && !/# SKIP/.test(line)) {
          failure = failed[1];
          stop();
        }
      }
    });
    child.stderr.on('data', () => undefined);
    child.on('close', (code) => {
      clearTimeout(timer);
      current = undefined;
      const ms = Date.now() - t0;
      if (failure !== undefined) done({ outcome: 'failed', failure, ms });
      else if (timedOut) done({ outcome: 'timeout', ms });
      else done({ outcome: code === 0 ? 'passed' : 'failed', failure: code === 0 ? undefined : `exit ${code}`, ms });
    });
  });
}

function report(all) {
  const ran = all.filter((r) => r.outcome !== 'skipped');
  const folders = new Map();
  for (const r of ran) {
    const folder = r.file
      .split('/')
      // src/domain/<area>, src/protocol, src/storage/sql
      .slice(0, r.file.startsWith('src/protocol/') ? 2 : 3)
      .join('/');
    const f = folders.get(folder) ?? { killed: 0, total: 0 };
    f.total++;
    if (r.outcome !== 'survived') f.killed++;
    folders.set(folder, f);
  }
  const pct = (k, t) => (t === 0 ? '-' : `${((100 * k) / t).toFixed(1)} %`);
  console.log('\nScore per folder (killed / run):');
  for (const [folder, f] of [...folders].sort())
    console.log(`  ${folder.padEnd(32)} ${String(f.killed).padStart(4)} / ${String(f.total).padEnd(4)} ${pct(f.killed, f.total)}`);
  const tops = new Map();
  for (const r of ran) {
    const top = r.file.split('/').slice(0, 2).join('/');
    const t = tops.get(top) ?? { killed: 0, total: 0 };
    t.total++;
    if (r.outcome !== 'survived') t.killed++;
    tops.set(top, t);
  }
  for (const [top, t] of [...tops].sort())
    console.log(`  ${`${top} (all)`.padEnd(32)} ${String(t.killed).padStart(4)} / ${String(t.total).padEnd(4)} ${pct(t.killed, t.total)}`);
  const killed = ran.filter((r) => r.outcome !== 'survived').length;
  console.log(`  ${'all'.padEnd(32)} ${String(killed).padStart(4)} / ${String(ran.length).padEnd(4)} ${pct(killed, ran.length)}`);
  const skipped = all.length - ran.length;
  if (skipped) console.log(`  (${skipped} not run: their tests fail without any mutant)`);
  const survivors = ran.filter((r) => r.outcome === 'survived');
  if (survivors.length) {
    console.log('\nSurvivors:');
    for (const s of survivors) console.log(`  ${s.file}:${s.line}:${s.column} ${s.operator}: ${s.before} -> ${s.after}`);
  }
  if (!opts.report) console.log(`\n${ran.length} mutants in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** The mutants of `results` (an earlier --json) among `all`; a result no mutant matches any more is named. */
function again(all, results, notKilled) {
  const chosen = [];
  for (const r of results.filter((x) => !notKilled || x.outcome !== 'killed')) {
    const same = all.filter(
      (m) => m.file === r.file && m.operator === r.operator && m.before === r.before && m.after === r.after && !chosen.includes(m),
    );
    const distance = (m) => [Math.abs(m.line - r.line), Math.abs(m.column - (r.column ?? 0))];
    const nearest = same.sort((a, b) => distance(a)[0] - distance(b)[0] || distance(a)[1] - distance(b)[1])[0];
    if (nearest) chosen.push(nearest);
    else console.log(`no mutant matches ${r.file}:${r.line}:${r.column} ${r.operator}: ${r.before} -> ${r.after} any more`);
  }
  // In the file's order: a sample's is the order drawn.
  return chosen;
}

/** A reproducible sample of `n` (mulberry32). */
function sample(items, n, seed) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  // In the order drawn, not sorted: the sample of n is the first n of the sample of any larger size
  // with the same seed, so the mutants a run cut short did run are themselves a fair sample.
  return copy.slice(0, n);
}
