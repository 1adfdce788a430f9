import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCachePath, runBundle, writeCodeCache } from '../../src/cli/bundle-launcher.js';

const dir = mkdtempSync(join(tmpdir(), 'canopy-launcher-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ran = globalThis as { launched?: string[] };

/** A CommonJS "bundle" that records what it saw; `tag` is 5 characters, so every version has one length. */
function bundle(tag: string): string {
  const path = join(dir, 'bundle.cjs');
  writeFileSync(path, `(globalThis.launched ??= []).push(['${tag}', typeof require, __filename].join(' '));\n`);
  return path;
}

test('runBundle runs a CommonJS file as Node would, and the code cache it writes is taken at the next start', () => {
  const path = bundle('first');
  const cold = runBundle(path);
  assert.equal(cold.cacheAccepted, false);
  assert.ok(writeCodeCache(cold) > 32);
  assert.ok(existsSync(codeCachePath(path)));
  assert.equal(runBundle(path).cacheAccepted, true);
  assert.deepEqual(ran.launched, [`first function ${path}`, `first function ${path}`]);
});

test('a cache made from another bundle of the same length is not used: the new source runs', () => {
  const path = bundle('first');
  writeCodeCache(runBundle(path));
  ran.launched = [];
  // V8 itself would take it: it checks only the source's length. (The packed package's own bundle
  // and cache are checked by test/package/package.test.ts.)
  const changed = runBundle(bundle('other'));
  assert.equal(changed.cacheAccepted, false);
  assert.deepEqual(ran.launched, [`other function ${path}`]);
});
