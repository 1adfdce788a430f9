import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { actions } from '../src/actions/index.js';
import { catalog } from '../src/errors/catalog.js';
import { knownSettings } from '../src/config/config.js';

const errorsDoc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('docs/errors.md describes every code Canopy adds beyond the API', () => {
  const added = Object.entries(catalog).filter(([, entry]) => 'origin' in entry && entry.origin === 'canopy');
  assert.ok(added.length > 0);
  for (const [code, entry] of added) {
    assert.ok(errorsDoc.includes(`| ${entry.status} | \`${code}\` |`), `${code} (${entry.status}) missing from docs/errors.md`);
  }
});

test('the README lists every implemented Action and every catalog code with its status', () => {
  for (const action of actions) assert.ok(readme.includes(`\`${action.name}\``), `${action.name} missing from README`);
  for (const [code, entry] of Object.entries(catalog)) {
    assert.ok(readme.includes(`| ${entry.status} | \`${code}\``), `${code} (${entry.status}) missing from the README error table`);
  }
});

/**
 * The settings the README names, where a row may shorten a second name to its own ending
 * (`CANOPY_SMS_RETRY_BASE_MS` / `_RETRY_MAX_MS`): such an ending stands for the first name cut at one
 * of its underscores (the last one that makes a setting) and followed by the ending. Names of no setting are returned as they stand.
 */
function documentedSettings(text: string, known: ReadonlySet<string>): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    let full: string | undefined;
    for (const [, token] of line.matchAll(/`((?:CANOPY|DATABASE|LOG|HOST|PORT)[A-Z0-9_]*|_[A-Z0-9_]+)`/g)) {
      if (!token!.startsWith('_')) {
        full = token!;
        names.add(full);
        continue;
      }
      if (full === undefined) continue;
      const cuts = [...full.matchAll(/_/g)].map((m) => full!.slice(0, m.index)).reverse();
      names.add(cuts.map((cut) => cut + token).find((name) => known.has(name)) ?? `${full} ${token}`);
    }
  }
  return names;
}

test('the README documents every setting Canopy reads, and names no setting it does not', () => {
  const known = new Set(knownSettings());
  const documented = documentedSettings(readme, known);
  for (const name of known) assert.ok(documented.has(name), `${name} is read by Canopy but not in the README`);
  const stale = [...documented].filter((name) => name.startsWith('CANOPY_') && !known.has(name));
  assert.deepEqual(stale, [], 'settings the README names that Canopy does not read');
});
