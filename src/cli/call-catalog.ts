import type { z } from 'zod';
import { API_VERSIONS, type Action, type ApiVersion } from '../actions/action.js';
import { actions, registry } from '../actions/index.js';
import { editDistance } from '../config/unknown-settings.js';
import { CliError, EXIT } from './exit.js';

/** `canopy call` reads the catalog the server uses (each Action's zod schema), so its help and checks cannot drift from it. */
interface Parameter {
  readonly name: string;
  readonly required: boolean;
}

export function parametersOf(action: Action): Parameter[] {
  return Object.entries(action.params.shape).map(([name, schema]) => ({
    name,
    required: !(schema as z.ZodType).safeParse(undefined).success,
  }));
}

/** Schemas built with withLists take indexed lists (`Tag.1.Key`, `ResourceId.2`) beside their named parameters. */
const takesLists = (action: Action): boolean => action.params.def.catchall !== undefined;

const nearest = (name: string, names: readonly string[]): string | undefined =>
  names
    .map((candidate) => [candidate, editDistance(name.toLowerCase(), candidate.toLowerCase())] as const)
    .sort((a, b) => a[1] - b[1])[0]?.[0];

/** The version to sign with, and the Action: refused here, before signing, when the catalog has no such Action or parameter. */
export function resolveCall(
  name: string,
  apiVersion: string | undefined,
  params: Readonly<Record<string, string>>,
): { version: ApiVersion; action: Action } {
  if (apiVersion !== undefined && !(API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new CliError(`call: --api-version must be one of ${API_VERSIONS.join(', ')}`, EXIT.usage);
  }
  const version = (apiVersion as ApiVersion | undefined) ?? API_VERSIONS.find((v) => registry.get(v)?.has(name));
  const action = version === undefined ? undefined : registry.get(version)?.get(name);
  if (version === undefined || action === undefined) {
    const guess = nearest(
      name,
      actions.map((a) => a.name),
    );
    const where = apiVersion === undefined ? '' : ` in ${apiVersion}`;
    throw new CliError(
      `call: no Action ${name}${where}${guess ? `; did you mean ${guess}?` : ''} (canopy call --help lists them)`,
      EXIT.usage,
    );
  }
  const known = parametersOf(action).map((p) => p.name);
  for (const param of Object.keys(params)) {
    if (known.includes(param) || (takesLists(action) && param.includes('.'))) continue;
    const guess = nearest(param, known);
    throw new CliError(`call: ${action.name} has no parameter ${param}${guess ? `; did you mean ${guess}?` : ''}`, EXIT.usage);
  }
  return { version, action };
}

const describeParams = (action: Action): string =>
  [
    ...parametersOf(action).map((p) => (p.required ? `${p.name}*` : p.name)),
    ...(takesLists(action) ? ['(indexed lists: Name.N, Name.N.Key)'] : []),
  ].join(' ');

const versionsNote = (action: Action): string =>
  action.versions.length === API_VERSIONS.length ? '' : ` [${action.versions.join(', ')} only]`;

export const CALL_USAGE = `Usage: canopy call [options] <Action> [Name=Value | --Name value]...

Calls an Action, V3-signed with ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET,
and prints its answer (a table on a terminal, JSON otherwise). Lower-case options are the
command's own; API parameters start with an upper-case letter: Name=Value, --Name value or
--Name=value (booleans too: IncludeTags=true). Every word after -- is a parameter.

Options:
  --url, --endpoint <url>   server URL (default $CANOPY_URL or http://127.0.0.1:8080)
  --api-version <version>   ${API_VERSIONS.join(' or ')} (default: the first that has the Action)
  -o, --output <format>     table or json (default: table on a terminal, json otherwise)
  -h, --help                this help; canopy call <Action> --help for one Action
`;

export function callHelp(name: string | undefined): string {
  const action = name === undefined ? undefined : actions.find((a) => a.name === name);
  if (action) {
    const lines = parametersOf(action).map((p) => `  ${p.name}${p.required ? ' (required)' : ''}`);
    if (takesLists(action)) lines.push('  indexed lists: Name.N=Value, Name.N.Key=Value (e.g. Tag.1.Key=env)');
    return `Usage: canopy call [options] ${action.name} [Name=Value]...${versionsNote(action)}\n\nParameters:\n${lines.join('\n') || '  (none)'}\n`;
  }
  const width = Math.max(...actions.map((a) => a.name.length));
  const list = actions.map((a) => `  ${a.name.padEnd(width)}  ${describeParams(a)}${versionsNote(a)}`.trimEnd()).join('\n');
  return `${CALL_USAGE}\nActions and their parameters (* required):\n${list}\n`;
}
