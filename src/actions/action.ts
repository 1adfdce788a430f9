import { z } from 'zod';
import type { Caller } from '../domain/accounts/account.js';
import type { MessagePurpose } from '../domain/messages/message.js';
import type { PageRequest } from '../domain/paging.js';
import type { DomainStores } from '../domain/store.js';
import { invalidParameter, missingParameter } from '../errors/api-error.js';
import type { Params } from '../protocol/params.js';
import { bindServices, type RequestServices, type Services } from './services.js';

/**
 * The RAM authorization an Action stands for, as Alibaba Cloud documents it for the operation: the
 * RAM action and the resources it is checked against (ARN patterns with their `{#…}` placeholders).
 * Control-policy enforcement reads it from the registry.
 */
export interface RamAuthorization {
  readonly action: `resourcemanager:${string}`;
  readonly resources: readonly string[];
}

/** The ARN patterns of Resource Directory resources (one region wildcard for this global service). */
export const resource = {
  any: '*',
  directory: 'acs:resourcemanager:*:{#accountId}:*',
  folder: 'acs:resourcemanager:*:{#accountId}:folder/{#ResourceDirectoryPath}',
  account: 'acs:resourcemanager:*:{#accountId}:account/{#ResourceDirectoryPath}',
  anyAccount: 'acs:resourcemanager:*:{#accountId}:account/*',
  handshake: 'acs:resourcemanager:*:{#accountId}:handshake/{#HandshakeId}',
  anyHandshake: 'acs:resourcemanager:*:{#accountId}:handshake/*',
  messageContact: 'acs:resourcemanager:*:{#accountId}:messagecontact/{#MessageContactId}',
  anyMessageContact: 'acs:resourcemanager:*:{#accountId}:messagecontact/*',
} as const;

/**
 * The API versions Canopy serves on one listener, told apart by `Version`, and the product each
 * belongs to: ResourceManager 2020-03-31 and ResourceDirectoryMaster 2022-04-19 share the Resource
 * Directory operations and their rules; a few response shapes differ.
 */
export const API_VERSIONS = ['2020-03-31', '2022-04-19'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
export const PRODUCT: Readonly<Record<ApiVersion, string>> = { '2020-03-31': 'ResourceManager', '2022-04-19': 'ResourceDirectoryMaster' };

export const isApiVersion = (value: string): value is ApiVersion => (API_VERSIONS as readonly string[]).includes(value);

/** What an action's handler gets: who signed, the version asked for, and the domain services bound to the request's transaction. */
export interface ActionContext {
  /** The account that signed, with its RAM user when the key is a RAM user's. */
  readonly caller: Caller;
  readonly version: ApiVersion;
  readonly services: RequestServices;
}

/** What the pipeline hands an Action: the request's transaction, to bind the services to. */
export interface Invocation {
  readonly tx: DomainStores;
  readonly caller: Caller;
  readonly version: ApiVersion;
  readonly services: Services;
}

/**
 * One wire Action: its name, the versions that have it, its RAM authorization, its parameters, one
 * domain call, and the response shape (without RequestId).
 */
export interface Action {
  readonly name: string;
  readonly versions: readonly ApiVersion[];
  readonly ram: RamAuthorization;
  /** Changes state (audited, refused calls included); false for the reads. */
  readonly mutates: boolean;
  /** What a successful call sends (a code or a link), for the metrics. */
  readonly sends?: Sends;
  /** Its parameters as the server reads them (`canopy call --help` lists them from here). */
  readonly params: z.ZodObject;
  run(invocation: Invocation, params: Params): Promise<Record<string, unknown>>;
}

/** The message a successful call queues: a verification code, or an email change's link. */
export interface Sends {
  readonly channel: 'sms' | 'email';
  readonly purpose: MessagePurpose;
}

/**
 * Reads are named so (`Get…`, `List…`, `Precheck…`); every other verb changes state
 * (test/actions-registry.test.ts holds each Action's class against its documented RAM access level).
 */
const READ_VERBS = /^(Get|List|Precheck)[A-Z]/;

export function defineAction<S extends z.ZodObject>(definition: {
  name: string;
  /** Both versions unless the API has it in one only. */
  versions?: readonly ApiVersion[];
  ram: RamAuthorization;
  sends?: Sends;
  params: S;
  handle(context: ActionContext, params: z.output<S>): Promise<Record<string, unknown>>;
}): Action {
  return {
    name: definition.name,
    versions: definition.versions ?? API_VERSIONS,
    ram: definition.ram,
    mutates: !READ_VERBS.test(definition.name),
    ...(definition.sends ? { sends: definition.sends } : {}),
    params: definition.params,
    run: ({ tx, caller, version, services }, params) =>
      definition.handle({ caller, version, services: bindServices(services, tx) }, parseParams(definition.params, params)),
  };
}

/** Maps the first schema problem to the gateway's codes: absent means Missing, present means Invalid. */
function parseParams<S extends z.ZodObject>(schema: S, params: Params): z.output<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const name = String(result.error.issues[0]?.path[0] ?? 'unknown');
  throw params[name] === undefined ? missingParameter(name) : invalidParameter(name);
}

/**
 * The parameters of an Action that takes indexed lists (`Tag.N.Key`, `ResourceId.N`): they reach it
 * as flat strings, which the schema keeps for src/protocol/indexed-params.ts to read.
 */
export const withLists = <S extends z.ZodRawShape>(shape: S) => z.object(shape).catchall(z.string());

/** Wire booleans travel as `true` / `false`. */
export const wireBoolean = z
  .string()
  .regex(/^(true|false)$/i)
  .transform((value) => value.toLowerCase() === 'true');

/** A decimal integer parameter within [min, max]; anything else is InvalidParameter naming it. */
export const wireInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** Paging of every list Action: `PageNumber` from 1 (default 1), `PageSize` 1-100 (default 10). */
export const paging = {
  PageNumber: wireInt(1, 2 ** 31 - 1).default(1),
  PageSize: wireInt(1, 100).default(10),
};

/** The domain's page request from the wire's paging parameters. */
export const pageRequest = (params: { PageNumber: number; PageSize: number }): PageRequest => ({
  pageNumber: params.PageNumber,
  pageSize: params.PageSize,
});

/**
 * A list response: the paging fields, then `items` (its list under the wire's names). Built onto a
 * literal rather than spread from one: docs/architecture.md, "Objects built per request".
 */
export const pageFields = <T extends object>(request: PageRequest, total: number, items: T) =>
  Object.assign({ PageNumber: request.pageNumber, PageSize: request.pageSize, TotalCount: total }, items);

/** The wire form of most timestamps: ISO-8601 UTC with milliseconds. */
export const isoTime = (date: Date) => date.toISOString();

/** Second precision in UTC, as handshake times are documented (`2018-08-10T09:55:41Z`). */
export const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * China Standard Time with its offset, as a few fields are documented (GetAccountDeletionStatus:
 * `2022-08-23T17:05:30+08:00`). UTC+8 all year, so a fixed offset is exact.
 */
export const chinaTime = (date: Date) => new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');

/** China Standard Time without an offset, as message-contact dates are documented (`2023-03-27 17:19:21`). */
export const chinaDateTime = (date: Date) =>
  new Date(date.getTime() + CHINA_OFFSET_MS)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '');
