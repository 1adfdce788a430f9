// On Node 20 (V8 11.3), an object literal that starts with a spread and goes on with more members,
// `{ ...base, extra }` or `{ ...a, ...b }`, gets a hidden class of its own every time it runs: the
// clone of `base` does not remember the transition that adds `extra`. Per request that meant new
// maps, megamorphic property reads on every object made so, and young objects kept alive by those
// maps until they were promoted: 360 KB per scavenge under the bench's Get row and a full collection
// about once a second. Request code builds such objects with Object.assign instead, or starts the
// literal with a plain member. Measured and explained in docs/development.md ("Hidden classes").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Code that runs once per process (start-up, the command line), where a hidden class more is free. */
const RUNS_ONCE = /^src\/(cli\/|main\.ts$|index\.ts$|http\/server\.ts$)/;

/** Lines of `source` holding a literal that starts with a spread and has more members, inside a function. */
function spreadFirstLiterals(fileName: string, source: string): number[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const insideFunction = (node: ts.Node) => {
    for (let parent = node.parent; parent; parent = parent.parent) if (ts.isFunctionLike(parent)) return true;
    return false;
  };
  const visit = (node: ts.Node) => {
    if (
      ts.isObjectLiteralExpression(node) &&
      node.properties.length > 1 &&
      ts.isSpreadAssignment(node.properties[0]!) &&
      insideFunction(node)
    ) {
      lines.push(file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
}

test('the scan finds a spread-first literal in a function, and not one that starts with a member or runs once', () => {
  const source = [
    'const once = { ...defaults, port: 1 };',
    'function handle(base) {',
    '  const a = { ...base, extra: 1 };',
    '  const b = { ...base, ...more };',
    '  const c = { extra: 1, ...base };',
    '  const d = Object.assign({}, base, { extra: 1 });',
    '  const e = { ...base };',
    '  return [a, b, c, d, e];',
    '}',
  ].join('\n');
  assert.deepEqual(spreadFirstLiterals('example.ts', source), [3, 4]);
});

test('request code builds no object literal that starts with a spread and has more members', () => {
  const files = execFileSync('git', ['ls-files', 'src/*.ts'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts') && !RUNS_ONCE.test(path));
  assert.ok(files.length > 100, `only ${files.length} source files found`);
  const found = files.flatMap((path) => spreadFirstLiterals(path, readFileSync(`${ROOT}${path}`, 'utf8')).map((line) => `${path}:${line}`));
  assert.deepEqual(found, [], 'use Object.assign({}, base, { ... }) or start the literal with a plain member');
});
