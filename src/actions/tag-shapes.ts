import { z } from 'zod';
import type { GivenTag } from '../domain/tags/tag-service.js';
import { ApiError } from '../errors/api-error.js';
import { indexedObjects, indexedValues } from '../protocol/indexed-params.js';
import { type ApiVersion, wireInt, withLists } from './action.js';

/** The parameters every tag Action shares, with `ResourceId.N`, `Tag.N.*` and `TagKey.N` kept flat. */
export const tagParams = <S extends z.ZodRawShape>(shape: S) => withLists({ ResourceType: z.string().optional(), ...shape });

export const listingParams = { NextToken: z.string().optional(), MaxResults: wireInt(1, 100).default(10) };

/**
 * `ResourceType`: 2020-03-31 defaults to `ResourceGroup`, which Canopy does not have (the service
 * answers InvalidParameter.ResourceType); 2022-04-19 requires it.
 */
export const resourceTypeOf = (version: ApiVersion, value: string | undefined) =>
  value || (version === '2020-03-31' ? 'ResourceGroup' : undefined);

export const resourceIds = (params: Readonly<Record<string, unknown>>) => indexedValues(params, 'ResourceId').map((e) => e.value);
export const tagKeys = (params: Readonly<Record<string, unknown>>) => indexedValues(params, 'TagKey').map((e) => e.value);
export const givenTags = (params: Readonly<Record<string, unknown>>): GivenTag[] =>
  indexedObjects(params, 'Tag', ['Key', 'Value']).map(({ value }) => ({ key: value.Key, value: value.Value }));

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

/** A tag list response: the token of the next page, present only when there is one (clients loop until it is absent), then `items`. */
export const nextToken = <T extends object>(next: unknown, items: T) =>
  Object.assign(next === undefined ? {} : { NextToken: Buffer.from(JSON.stringify(next), 'utf8').toString('base64url') }, items);
