import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { listingParams, nextToken, readToken, resourceTypeOf, tagParams } from './tag-shapes.js';

export default defineAction({
  name: 'ListTagKeys',
  ram: { action: 'resourcemanager:ListTagKeys', resources: [resource.any] },
  params: tagParams({ KeyFilter: z.string().optional(), ...listingParams }),
  async handle({ caller, version, services }, params) {
    const page = await services.tags.listKeys(caller, {
      resourceType: resourceTypeOf(version, params.ResourceType),
      contains: params.KeyFilter,
      after: readToken(params.NextToken, z.string()),
      limit: params.MaxResults,
    });
    return nextToken(page.next, { Tags: page.items.map((key) => ({ Key: key })) });
  },
});
