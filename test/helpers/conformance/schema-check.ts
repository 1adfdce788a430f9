import type { Schema } from '../metadata.js';

/**
 * What checking one or more responses of an operation against its documented schema found.
 * Paths name documented nodes the way exemptions do: `Accounts.Account[].Tags.Tag[].Key`.
 */
export interface Findings {
  /** Each difference from the schema, with its path. */
  readonly problems: string[];
  /** Documented paths that were present in at least one response. */
  readonly present: Set<string>;
  /** Documented array paths that held at least one item in some response, so their item shape was checked. */
  readonly filledArrays: Set<string>;
}

export const newFindings = (): Findings => ({ problems: [], present: new Set(), filledArrays: new Set() });

/**
 * Checks a parsed JSON body against a documented response schema: every documented property is
 * present unless `mayBeAbsent` says it is conditional, no property is undocumented, objects and
 * arrays nest as documented, and scalars have the documented JSON type (`integer` a whole number,
 * never a numeric string; `string` never a number or boolean).
 */
export function checkShape(schema: Schema, body: unknown, findings: Findings, mayBeAbsent: (path: string) => boolean): void {
  visit(schema, body, '', findings, mayBeAbsent);
}

function visit(schema: Schema, value: unknown, path: string, findings: Findings, mayBeAbsent: (path: string) => boolean): void {
  const where = path || '(body)';
  const wrong = (expected: string) => findings.problems.push(`${where}: expected ${expected}, got ${describe(value)}`);
  switch (schema.type) {
    case 'object': {
      if (!isPlainObject(value)) {
        wrong('an object');
        return;
      }
      const documented = schema.properties ?? {};
      for (const [name, child] of Object.entries(documented)) {
        const childPath = path ? `${path}.${name}` : name;
        if (value[name] === undefined) {
          if (!mayBeAbsent(childPath)) findings.problems.push(`${childPath}: documented, missing`);
          continue;
        }
        findings.present.add(childPath);
        visit(child, value[name], childPath, findings, mayBeAbsent);
      }
      for (const name of Object.keys(value)) {
        if (!Object.hasOwn(documented, name)) findings.problems.push(`${path ? `${path}.${name}` : name}: not documented`);
      }
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) {
        wrong('an array');
        return;
      }
      if (value.length > 0) findings.filledArrays.add(path);
      for (const item of value) visit(schema.items!, item, `${path}[]`, findings, mayBeAbsent);
      return;
    }
    case 'string':
      if (typeof value !== 'string') wrong('a string');
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) wrong('an integer (a JSON number)');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrong('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean');
      return;
    default:
      findings.problems.push(`${where}: the schema has a type this check does not know: ${String(schema.type)}`);
  }
}

/** Every documented array path of a schema (those whose items a scenario should show). */
export function arrayPaths(schema: Schema, path = ''): string[] {
  if (schema.type === 'array') return [path, ...arrayPaths(schema.items!, `${path}[]`)];
  if (schema.type !== 'object') return [];
  return Object.entries(schema.properties ?? {}).flatMap(([name, child]) => arrayPaths(child, path ? `${path}.${name}` : name));
}

/** The schema node at a path, or undefined when the path is not documented. */
export function schemaAt(schema: Schema, path: string): Schema | undefined {
  let node: Schema | undefined = schema;
  for (const step of path.split('.')) {
    const name = step.replace(/(\[\])+$/, '');
    node = node?.type === 'object' ? node.properties?.[name] : undefined;
    for (let depth = (step.length - name.length) / 2; depth > 0 && node; depth--) node = node.type === 'array' ? node.items : undefined;
  }
  return node;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
