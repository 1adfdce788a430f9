import { z } from 'zod';
import { invalidParameter, missingParameter } from '../errors/api-error.js';
import type { Caller } from '../domain/accounts/account.js';
import type { AccountsService } from '../domain/accounts/service.js';
import type { FolderService } from '../domain/directory/folder-service.js';
import type { HandshakeService } from '../domain/directory/handshake-service.js';
import type { MemberService } from '../domain/directory/member-service.js';
import type { DirectoryService } from '../domain/directory/service.js';
import type { DomainStores } from '../domain/store.js';
import type { Params } from '../protocol/params.js';

/** Domain services the actions call, built once in main.ts. */
export interface Services {
  readonly accounts: AccountsService;
  readonly directory: DirectoryService;
  readonly folders: FolderService;
  readonly handshakes: HandshakeService;
  readonly members: MemberService;
}

export interface ActionContext {
  readonly tx: DomainStores;
  /** The account that signed, with its RAM user when the key is a RAM user's. */
  readonly caller: Caller;
  readonly services: Services;
}

/** One wire Action: its parameters, one domain call, and the response shape (without RequestId). */
export interface Action {
  readonly name: string;
  run(context: ActionContext, params: Params): Promise<Record<string, unknown>>;
}

export function defineAction<S extends z.ZodObject>(definition: {
  name: string;
  params: S;
  handle(context: ActionContext, params: z.output<S>): Promise<Record<string, unknown>>;
}): Action {
  return {
    name: definition.name,
    run: (context, params) => definition.handle(context, parseParams(definition.params, params)),
  };
}

/** Maps the first schema problem to the gateway's codes: absent means Missing, present means Invalid. */
function parseParams<S extends z.ZodObject>(schema: S, params: Params): z.output<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const name = String(result.error.issues[0]?.path[0] ?? 'unknown');
  throw params[name] === undefined ? missingParameter(name) : invalidParameter(name);
}

/** Wire booleans travel as `true` / `false`. */
export const wireBoolean = z
  .string()
  .regex(/^(true|false)$/i)
  .transform((value) => value.toLowerCase() === 'true');

/** A decimal integer parameter within [min, max]; anything else is InvalidParameter naming it. */
export const wireInt = (min: number, max: number) =>
  z.string().regex(/^\d{1,10}$/).transform(Number).pipe(z.number().int().min(min).max(max));

/** Paging of every list Action: `PageNumber` from 1 (default 1), `PageSize` 1-100 (default 10). */
export const paging = {
  PageNumber: wireInt(1, 2 ** 31 - 1).default(1),
  PageSize: wireInt(1, 100).default(10),
};

/** The wire form of timestamps: ISO-8601 UTC with milliseconds. */
export const isoTime = (date: Date) => date.toISOString();
