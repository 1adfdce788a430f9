import { defineAction, resource, wireBoolean } from './action.js';
import { resourceIds, resourceTypeOf, tagKeys, tagParams } from './tag-shapes.js';

export default defineAction({
  name: 'UntagResources',
  ram: { action: 'resourcemanager:UntagResources', resources: [resource.any] },
  params: tagParams({ All: wireBoolean.optional() }),
  async handle({ caller, version, services }, params) {
    await services.tags.untag(caller, {
      resourceType: resourceTypeOf(version, params.ResourceType),
      resourceIds: resourceIds(params),
      keys: tagKeys(params),
      all: params.All ?? false,
    });
    return {};
  },
});
