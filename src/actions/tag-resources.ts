import { defineAction, resource } from './action.js';
import { givenTags, resourceIds, resourceTypeOf, tagParams } from './tag-shapes.js';

export default defineAction({
  name: 'TagResources',
  ram: { action: 'resourcemanager:TagResources', resources: [resource.any] },
  params: tagParams({}),
  async handle({ caller, version, services }, params) {
    await services.tags.tag(caller, {
      resourceType: resourceTypeOf(version, params.ResourceType),
      resourceIds: resourceIds(params),
      tags: givenTags(params),
    });
    return {};
  },
});
