import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { actions } from '../src/actions/index.js';

/** What Alibaba Cloud documents for each operation's RAM authorization (see `_source` in the fixture). */
const documented: { operations: { action: string; ramAction: string; resources: string[] }[] } = JSON.parse(
  readFileSync(new URL('./fixtures/ram-actions.json', import.meta.url), 'utf8'),
);

/** The 2022-04-19 pages leave the region empty where the 2020-03-31 ones write `*`; Canopy writes `*`. */
const regionWildcard = (arn: string) => arn.replace(/^acs:resourcemanager::/, 'acs:resourcemanager:*:');

test('every registered Action declares the RAM action and resources Alibaba Cloud documents for it', () => {
  const byName = new Map(documented.operations.map((o) => [o.action, o]));
  for (const action of actions) {
    const doc = byName.get(action.name);
    assert.ok(doc, `${action.name} is not in test/fixtures/ram-actions.json`);
    assert.equal(action.ram.action, doc.ramAction, action.name);
    assert.deepEqual([...action.ram.resources], doc.resources.map(regionWildcard), action.name);
  }
});

test('each Action is registered once, under its wire name', () => {
  const names = actions.map((a) => a.name);
  assert.equal(new Set(names).size, names.length);
  for (const action of actions) assert.match(action.name, /^[A-Z][A-Za-z]+$/);
});
