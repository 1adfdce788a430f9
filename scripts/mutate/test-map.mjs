// Which test files a mutant of a source file runs. Running the whole suite per mutant would take
// hours, and the import graph does not help much: every wire test reaches every module through the
// harness. So, in this order (all that apply, without duplicates):
//   1. test files that import the source file directly (unit and contract tests);
//   2. test files whose name holds a word of the source file's name, once generic words (service,
//      store, rules...) are dropped and plurals folded: handshake-service.ts -> *handshake*.test.ts;
//      a name made only of generic words stands for its folder: directory/service.ts -> *directory*;
//   3. the files listed for the source file's folder in EXTRA below, where the Actions' tests live
//      under other names.
// `npm run mutate -- --list` prints the mapping of every mutant.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';

const GENERIC = new Set([
  'service',
  'services',
  'store',
  'stores',
  'rules',
  'view',
  'ids',
  'index',
  'session',
  'dialect',
  'sql',
  'document',
  'cache',
]);

/** Tests of behaviour spread over many modules, per folder or file (the longest matching prefix wins). */
const PROTOCOL = [
  'test/wire/protocol.test.ts',
  'test/wire/http-edge.test.ts',
  'test/wire/documented-errors.test.ts',
  'test/wire/xml-characters.test.ts',
];
const EXTRA = [
  ['src/protocol/', PROTOCOL],
  // The audit line (its dryRun field) and the request metrics are written by the pipeline, and so is
  // the check of the nonce claim that travels with the Action's first statement (replay-undone), and
  // the 503 OutcomeUnknown of a COMMIT whose connection was lost (PostgreSQL only).
  [
    'src/protocol/pipeline.ts',
    [
      ...PROTOCOL,
      'test/observability/audit-log.test.ts',
      'test/observability/metrics-endpoint.test.ts',
      'test/wire/replay-undone.test.ts',
      'test/system/resend-after-lost-commit.test.ts',
    ],
  ],
  ['src/protocol/read-nonces.ts', ['test/wire/protocol.test.ts', 'src/protocol/read-nonces.test.ts']],
  [
    'src/domain/verification/',
    ['test/contracts/phone-guard-service.test.ts', 'test/wire/enable-flow.test.ts', 'test/wire/protections.test.ts'],
  ],
  [
    'src/domain/directory/service.ts',
    [
      'test/wire/enable-flow.test.ts',
      'test/wire/lifecycle.test.ts',
      'test/wire/directory-races.test.ts',
      'test/wire/documented-errors.test.ts',
    ],
  ],
  ['src/domain/directory/handshake-service.ts', ['test/wire/directory-races.test.ts']],
  [
    'src/domain/directory/scope.ts',
    ['test/wire/directory-races.test.ts', 'test/wire/members.test.ts', 'test/wire/member-deletion.test.ts'],
  ],
  ['src/domain/directory/deletion-service.ts', ['test/wire/member-deletion.test.ts']],
  [
    'src/domain/policies/',
    [
      // The evaluation and parsing cases run every operator of conditions.ts and wildcard.ts.
      'src/domain/policies/evaluate.test.ts',
      'src/domain/policies/document.test.ts',
      'test/wire/control-policy-enforcement.test.ts',
      'test/wire/policy-simulator.test.ts',
    ],
  ],
  ['src/domain/contacts/', ['test/wire/message-contacts.test.ts', 'test/wire/message-contact-verification.test.ts']],
  // Control policies are tagged in their own tests (ResourceType ControlPolicy).
  ['src/domain/tags/', ['test/wire/control-policies.test.ts']],
  ['src/domain/accounts/', ['test/contracts/accounts-store.test.ts', 'test/wire/lifecycle.test.ts']],
  ['src/domain/messages/', ['test/contracts/outbox-store.test.ts', 'test/delivery/dispatcher.test.ts']],
  ['src/domain/admin/', ['test/wire/admin-and-modes.test.ts', 'test/wire/clock.test.ts']],
  ['src/domain/delegation/trusted-access.ts', ['test/wire/delegation.test.ts', 'test/wire/delegation-errors.test.ts']],
  ['src/domain/retention/', ['test/contracts/retention-store.test.ts', 'test/wire/retention.test.ts', 'test/wire/retention-lease.test.ts']],
  ['src/domain/clock.ts', ['test/wire/clock.test.ts']],
  ['src/domain/paging.ts', ['src/domain/paging.test.ts', 'test/wire/folders.test.ts']],
  ['src/storage/sql/outbox.ts', ['test/delivery/dispatcher.test.ts']],
  ['src/storage/sql/verification.ts', ['test/contracts/phone-guard-store.test.ts', 'test/contracts/phone-guard-service.test.ts']],
];

let graph;
/** Source file -> the files it imports (relative imports only, `.js` read as `.ts`). */
function importGraph(root, tracked) {
  if (graph) return graph;
  graph = new Map();
  for (const file of tracked.filter((f) => f.endsWith('.ts'))) {
    let text;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
      normalize(join(dirname(file), m[1].replace(/\.js$/, '.ts'))),
    );
    graph.set(file, new Set(imports));
  }
  return graph;
}

/** A word's stem, so that singular and plural meet: policy and policies -> polic, tags -> tag, directories -> director. */
const stem = (w) =>
  w.endsWith('ies')
    ? w.slice(0, -3)
    : w.length > 4 && w.endsWith('y')
      ? w.slice(0, -1)
      : w.length > 3 && w.endsWith('s')
        ? w.slice(0, -1)
        : w;

const words = (file) =>
  basename(file, '.ts')
    .split('-')
    .filter((w) => !GENERIC.has(w))
    .map(stem);

export function testsFor(root, tracked, file) {
  const tests = tracked.filter((f) => f.endsWith('.test.ts'));
  const imports = importGraph(root, tracked);
  const chosen = new Set(tests.filter((t) => imports.get(t)?.has(file)));
  let keys = words(file);
  if (keys.length === 0) keys = [stem(basename(dirname(file)))];
  for (const t of tests) if (keys.some((k) => basename(t).includes(k))) chosen.add(t);
  const extra = EXTRA.filter(([prefix]) => file.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  for (const t of extra?.[1] ?? []) if (tests.includes(t)) chosen.add(t);
  return [...chosen].sort();
}
