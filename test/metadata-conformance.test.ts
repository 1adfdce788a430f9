import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { API_VERSIONS, type ApiVersion } from '../src/actions/action.js';
import { registry } from '../src/actions/index.js';
import { alwaysEmpty, appliesTo, conditional, documentedLater } from './helpers/conformance/exemptions.js';
import { scenarios } from './helpers/conformance/scenarios.js';
import { arrayPaths, checkShape, newFindings, schemaAt } from './helpers/conformance/schema-check.js';
import { buildFixture, type Exchange, type Fixture, worldFor } from './helpers/conformance/world.js';
import { decodeXml, parseXml } from './helpers/conformance/xml-decode.js';
import { startServer, type Harness } from './helpers/harness.js';
import { metadataOf, metadataVersions, type Schema } from './helpers/metadata.js';

/**
 * Every Action Canopy serves, in every version that has it, called over HTTP with a scenario that
 * succeeds, and each answer held against the operation's documented response schema (the metadata
 * fixtures): no documented field missing, none undocumented, the documented nesting and JSON types.
 * Read-only answers are fetched again as XML and must say the same. The departures allowed are the
 * commented entries of test/helpers/conformance/exemptions.ts.
 */

/** The documented schema with the fields documented after the snapshot added in. */
function responseSchema(version: ApiVersion, action: string): Schema {
  let schema = metadataOf(version).operations[action]!.response;
  for (const entry of documentedLater.filter((e) => appliesTo(e, version, action)))
    schema = withProperty(schema, entry.path.split('.'), entry.schema);
  return schema;
}

function withProperty(schema: Schema, [name, ...rest]: string[], added: Schema): Schema {
  const properties = schema.properties ?? {};
  const child = rest.length === 0 ? added : withProperty(properties[name!]!, rest, added);
  return { ...schema, properties: { ...properties, [name!]: child } };
}

/** Actions whose scenario calls change nothing, so that they can be asked again as XML. */
const readOnly = (action: string) => /^(Get|List)/.test(action) || action === 'PrecheckForConsolidatedBillingAccount';

const served = (version: ApiVersion) => [...registry.get(version)!.keys()];
const documented = (version: ApiVersion, action: string) => Object.hasOwn(metadataOf(version).operations, action);

test('every Action Canopy serves has a conformance scenario', () => {
  const missing = API_VERSIONS.flatMap((version) =>
    served(version)
      .filter((name) => !scenarios.has(name))
      .map((name) => `${name} (${version})`),
  );
  assert.deepEqual(missing, [], 'add one entry per Action to a table in test/helpers/conformance/scenarios-*.ts');
});

test('scenarios and exemptions name served operations and documented paths; no later-documented field is documented already', () => {
  const wrong: string[] = [];
  for (const name of scenarios.keys()) {
    if (!metadataVersions.some((m) => documented(m.version, name))) wrong.push(`scenario ${name}: no such operation`);
  }
  // Each (entry, version, Action) the entry applies to, with the node its path names in the metadata.
  const uses = (entries: typeof conditional) =>
    entries.flatMap((entry) => {
      const versions = (entry.versions ?? API_VERSIONS).filter((v) => entry.actions.some((a) => served(v).includes(a)));
      if (versions.length === 0) wrong.push(`${entry.actions.join(', ')} ${entry.path}: an exemption for nothing Canopy serves`);
      return versions.flatMap((version) =>
        entry.actions
          .filter((action) => served(version).includes(action))
          .map((action) => ({
            at: `${action} ${version} ${entry.path}`,
            node: schemaAt(metadataOf(version).operations[action]!.response, entry.path),
          })),
      );
    });
  for (const { at, node } of uses(conditional)) if (!node) wrong.push(`${at}: not a documented path`);
  for (const { at, node } of uses(alwaysEmpty)) if (node?.type !== 'array') wrong.push(`${at}: not a documented list`);
  for (const { at, node } of uses(documentedLater)) if (node) wrong.push(`${at}: the metadata documents it now, drop the entry`);
  assert.deepEqual(wrong, []);
});

describe('every served Action answers as its metadata documents', () => {
  let harness: Harness;
  let fixture: Fixture;
  before(async () => {
    // Room for the members and invitations the scenarios of both versions create.
    harness = await startServer({ CANOPY_MEMBER_QUOTA: '500', CANOPY_INVITATION_DAILY_LIMIT: '500' });
    fixture = await buildFixture(harness);
  });
  after(() => harness.close());

  for (const version of API_VERSIONS) {
    for (const action of served(version)) {
      test(`${version} ${action}`, async (t) => {
        const scenario = scenarios.get(action);
        if (!scenario) return t.skip('no scenario (the coverage test fails for it)');
        const exchanges: Exchange[] = [];
        await scenario(worldFor(fixture, version, exchanges, (called) => called === action && readOnly(action)));
        const answers = exchanges.filter((e) => e.action === action);
        assert.ok(answers.length > 0, `the scenario never called ${action}`);
        assert.deepEqual(differences(version, action, answers), []);
      });
    }
  }
});

function differences(version: ApiVersion, action: string, answers: Exchange[]): string[] {
  const schema = responseSchema(version, action);
  const conditionalPaths = conditional.filter((e) => appliesTo(e, version, action)).map((e) => e.path);
  const emptyPaths = alwaysEmpty.filter((e) => appliesTo(e, version, action)).map((e) => e.path);
  const findings = newFindings();
  // An answer that already differs in JSON would differ as XML too: only conforming ones are compared.
  const conforming = answers.filter((answer) => {
    const before = findings.problems.length;
    checkShape(schema, answer.body, findings, (path) => conditionalPaths.includes(path));
    return findings.problems.length === before;
  });
  const problems = [...new Set(findings.problems)];

  for (const path of conditionalPaths) {
    if (!findings.present.has(path)) problems.push(`${path}: conditional, yet no answer of the scenario had it, so it went unchecked`);
  }
  for (const path of arrayPaths(schema)) {
    const listedEmpty = emptyPaths.includes(path);
    if (listedEmpty && findings.filledArrays.has(path)) problems.push(`${path}: listed as always empty, yet it had items`);
    if (!listedEmpty && findings.present.has(path) && !findings.filledArrays.has(path)) {
      problems.push(`${path}: always empty in the scenario, so its item shape went unchecked`);
    }
    // A list inside a conditional field or inside an always-empty list cannot be seen either.
    if (!listedEmpty && !findings.present.has(path) && !isUnder(path, [...conditionalPaths, ...emptyPaths])) {
      problems.push(`${path}: never seen in the scenario, so its item shape went unchecked`);
    }
  }

  for (const answer of conforming) {
    if (answer.xml !== undefined) {
      const xmlProblems: string[] = [];
      const decoded = decodeXml(schema, parseXml(answer.xml), xmlProblems) as Record<string, unknown>;
      const { RequestId: _x, ...fromXml } = decoded;
      const { RequestId: _j, ...fromJson } = answer.body;
      problems.push(...xmlProblems.map((p) => `XML ${p}`));
      if (typeof decoded['RequestId'] !== 'string') problems.push('XML answer without a RequestId');
      if (!isDeepStrictEqual(fromXml, fromJson)) {
        problems.push(
          `XML answer to ${JSON.stringify(answer.params)} reads ${JSON.stringify(fromXml)}, the JSON one ${JSON.stringify(fromJson)}`,
        );
      }
    }
  }
  return problems;
}

/** A path inside a conditional field (or the field itself): absent with it. */
const isUnder = (path: string, parents: readonly string[]) =>
  parents.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[]`));
