import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { givenTags, listingParams, nextToken, readToken, resourceIds, resourceTypeOf, tagParams } from './tag-shapes.js';

const cursor = z.object({ resourceId: z.string(), key: z.string() }).strict();

/** `TagResources` is a plain array in both versions, present (possibly empty) on every page. */
export default defineAction({
  name: 'ListTagResources',
  ram: { action: 'resourcemanager:ListTagResources', resources: [resource.any] },
  params: tagParams(listingParams),
  async handle({ caller, version, services }, params) {
    const page = await services.tags.listResources(caller, {
      resourceType: resourceTypeOf(version, params.ResourceType),
      resourceIds: resourceIds(params),
      filters: givenTags(params),
      after: readToken(params.NextToken, cursor),
      limit: params.MaxResults,
    });
    return nextToken(page.next, {
      TagResources: page.items.map((t) => ({ ResourceType: t.resourceType, ResourceId: t.resourceId, TagKey: t.key, TagValue: t.value })),
    });
  },
});
