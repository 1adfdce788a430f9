import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { actions } from '../src/actions/index.js';
import { catalog } from '../src/errors/catalog.js';

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
