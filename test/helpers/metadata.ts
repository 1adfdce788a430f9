import { readFileSync } from 'node:fs';
import type { ApiVersion } from '../../src/actions/action.js';

/** A node of an operation's documented 200 response, as the metadata fixtures keep it. */
export interface Schema {
  readonly type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
  readonly required?: boolean;
  readonly format?: string;
  readonly example?: string;
}

export interface DocumentedError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export interface Operation {
  readonly parameters: readonly { name: string; in: string; type: string; required?: boolean }[];
  readonly response: Schema;
  readonly errors: readonly DocumentedError[];
}

export interface Metadata {
  readonly version: ApiVersion;
  readonly operations: Readonly<Record<string, Operation>>;
}

const load = (file: string): Metadata => JSON.parse(readFileSync(new URL(`../fixtures/metadata/${file}`, import.meta.url), 'utf8'));
const additions = load('resourcedirectorymaster-2022-04-19-additions.json');
const rdm = load('resourcedirectorymaster-2022-04-19.json');

/** Each version's metadata, the operations published after the snapshot included. */
export const metadataVersions: readonly Metadata[] = [
  load('resourcemanager-2020-03-31.json'),
  { ...rdm, operations: { ...rdm.operations, ...additions.operations } },
];

export const metadataOf = (version: ApiVersion): Metadata => metadataVersions.find((m) => m.version === version)!;
