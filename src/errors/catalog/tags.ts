import type { CatalogEntry } from './entry.js';

/**
 * Tags (TagResources, UntagResources, ListTagResources, ListTagKeys, ListTagValues). The Resource
 * Directory metadata documents no errors for them; these are the codes, statuses and messages of
 * Alibaba Cloud's tag service (Tag 2018-08-28), which the same rules answer there (docs/errors.md).
 */
export const tags = {
  'InvalidParameter.ResourceType': { status: 403, message: 'The ResourceType parameter is invalid.', origin: 'canopy' },
  'MissingParameter.ResourceIds': { status: 403, message: 'You must specify ResourceIds.', origin: 'canopy' },
  'NumberExceed.ResourceIds': { status: 403, message: 'The maximum number of ResourceIds is exceeded.', origin: 'canopy' },
  'MissingParameter.Tags': { status: 404, message: 'You must specify Tags.', origin: 'canopy' },
  'NumberExceed.Tags': { status: 403, message: 'The maximum number of Tags is exceeded.', origin: 'canopy' },
  'Missing.TagKey': { status: 404, message: 'Tag.N.Value has been specified and you must specify Tag.N.Key.', origin: 'canopy' },
  'MissingParameter.TagKey': { status: 404, message: 'You must specify TagKey.', origin: 'canopy' },
  'InvalidParameter.TagKey': {
    status: 400,
    message: 'The TagKey parameter is invalid. The following TagKeys are invalid: %s.',
    origin: 'canopy',
  },
  'InvalidParameter.TagValue': { status: 403, message: 'The Tag.N.Value parameter is invalid.', origin: 'canopy' },
  'Duplicate.TagKey': { status: 403, message: 'The Tag.N.Key contains duplicate keys.', origin: 'canopy' },
  'QuotaExceed.TagsPerResource': { status: 403, message: 'The maximum number of tags for each resource is exceeded.', origin: 'canopy' },
  'Invalid.NextToken': { status: 403, message: 'The parameter NextToken is invalid.', origin: 'canopy' },
} as const satisfies Record<string, CatalogEntry>;
