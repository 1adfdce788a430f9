// Runs every *.test.ts under src/ and test/ with Node's built-in test runner.
// Node 20's --test takes no globs, so the file list is collected here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return collect(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

// Without TEST_DATABASE_URL every PostgreSQL test is a skip; in CI that would pass green while
// proving nothing about PostgreSQL, so CI must say where PostgreSQL is.
if (process.env.CI && !process.env.TEST_DATABASE_URL) {
  console.error('run-tests: CI is set but TEST_DATABASE_URL is not; the PostgreSQL tests would all be skipped.');
  console.error('Set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test), or unset CI to run without them.');
  process.exit(2);
}

const filter = process.argv.slice(2);
const files = ['src', 'test'].flatMap(collect).filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
