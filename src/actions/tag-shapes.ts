import { z } from 'zod';
import type { GivenTag } from '../domain/tags/tag-service.js';
import { ApiError } from '../errors/api-error.js';
import { indexedObjects, indexedValues } from '../protocol/indexed-params.js';
import { type ApiVersion, wireInt } from './action.js';

/**
 * Indexed lists are read without a cap here (the request's parameter limit bounds them), so that
 * too many are answered with the tag codes (NumberExceed.*) rather than a bare InvalidParameter.
 */
const UNCAPPED = Number.MAX_SAFE_INTEGER;

/** The parameters every tag Action shares; `ResourceId.N`, `Tag.N.*` and `TagKey.N` stay as flat strings. */
export const tagParams = <S extends z.ZodRawShape>(shape: S) =>
  z.object({ ResourceType: z.string().optional(), ...shape }).catchall(z.string());

export const listingParams = { NextToken: z.string().optional(), MaxResults: wireInt(1, 100).default(10) };

/**
 * `ResourceType`: 2020-03-31 defaults to `ResourceGroup`, which Canopy does not have (the service
 * answers InvalidParameter.ResourceType); 2022-04-19 requires it.
 */
export const resourceTypeOf = (version: ApiVersion, value: string | undefined) =>
  value || (version === '2020-03-31' ? 'ResourceGroup' : undefined);

export const resourceIds = (params: Readonly<Record<string, unknown>>) => indexedValues(params, 'ResourceId', UNCAPPED).map((e) => e.value);
export const tagKeys = (params: Readonly<Record<string, unknown>>) => indexedValues(params, 'TagKey', UNCAPPED).map((e) => e.value);
export const givenTags = (params: Readonly<Record<string, unknown>>): GivenTag[] =>
  indexedObjects(params, 'Tag', ['Key', 'Value'], UNCAPPED).map(({ value }) => ({ key: value.Key, value: value.Value }));

/**
 * NextToken is opaque to clients: the last row of the page as base64url JSON. A token that does not
 * decode to what the listing expects is Invalid.NextToken; an empty one starts at the beginning.
 */
export function readToken<T>(token: string | undefined, shape: z.ZodType<T>): T | undefined {
  if (!token) return undefined;
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Not base64url JSON: answered below like any other token we did not issue.
  }
  throw new ApiError('Invalid.NextToken');
}

/** The token of the next page, present only when there is one: clients loop until it is absent. */
export const nextToken = (next: unknown) =>
  next === undefined ? {} : { NextToken: Buffer.from(JSON.stringify(next), 'utf8').toString('base64url') };
