import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { listingParams, nextToken, readToken, resourceTypeOf, tagParams } from './tag-shapes.js';

export default defineAction({
  name: 'ListTagValues',
  ram: { action: 'resourcemanager:ListTagValues', resources: [resource.any] },
  params: tagParams({ TagKey: z.string().optional(), ValueFilter: z.string().optional(), ...listingParams }),
  async handle({ caller, version, services }, params) {
    const page = await services.tags.listValues(caller, {
      resourceType: resourceTypeOf(version, params.ResourceType),
      key: params.TagKey,
      contains: params.ValueFilter,
      after: readToken(params.NextToken, z.string()),
      limit: params.MaxResults,
    });
    return nextToken(page.next, { Tags: page.items.map((value) => ({ Value: value })) });
  },
});
