import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registry } from '../src/actions/index.js';
import { catalog, describe, type ErrorCode } from '../src/errors/catalog.js';
import { metadataVersions as versions } from './helpers/metadata.js';

for (const metadata of versions) {
  test(`every documented (status, Code, Message) of the ${metadata.version} operations Canopy serves is the catalog's, verbatim`, () => {
    const served = registry.get(metadata.version as never)!;
    const wrong: string[] = [];
    let checked = 0;
    for (const [action, operation] of Object.entries(metadata.operations)) {
      if (!served.has(action)) continue;
      for (const { status, code, message } of operation.errors) {
        checked++;
        if (!Object.hasOwn(catalog, code)) {
          wrong.push(`${action}: ${code} is not in the catalog`);
          continue;
        }
        const answered = describe(code as ErrorCode, { version: metadata.version, action });
        if (answered.status !== status || answered.message !== message) {
          wrong.push(`${action}: ${code} answers ${answered.status} "${answered.message}", documented ${status} "${message}"`);
        }
      }
    }
    assert.ok(checked > 100, `only ${checked} documented errors checked`);
    assert.deepEqual(wrong, []);
  });
}

test('every Action is served in exactly the versions whose metadata has it', () => {
  for (const metadata of versions) {
    const served = [...registry.get(metadata.version as never)!.keys()].sort();
    const documented = served.filter((action) => Object.hasOwn(metadata.operations, action));
    assert.deepEqual(served, documented, `${metadata.version} serves operations its metadata lacks`);
  }
  const actions = [...registry.values()].flatMap((v) => [...v.values()]);
  for (const action of new Set(actions)) {
    for (const metadata of versions) {
      if (Object.hasOwn(metadata.operations, action.name))
        assert.ok(action.versions.includes(metadata.version as never), `${action.name} is missing from ${metadata.version}`);
    }
  }
});

test('codes the API documents are not marked as Canopy additions', () => {
  const documented = new Set(versions.flatMap((m) => Object.values(m.operations).flatMap((o) => o.errors.map((e) => e.code))));
  const marked = Object.entries(catalog).filter(([code, entry]) => 'origin' in entry && documented.has(code));
  assert.deepEqual(
    marked.map(([code]) => code),
    [],
  );
});
