import type { Scenarios } from './scenario.js';

/**
 * Tags of members and folders. The fixture member carries env=prod and team=web; the listings are
 * called with MaxResults=1 so that one answer has a NextToken and the last page has none.
 */
export const tagScenarios: Scenarios = {
  TagResources: (w) =>
    w.call('TagResources', { ResourceType: 'Folder', 'ResourceId.1': w.folderId, 'Tag.1.Key': 'owner', 'Tag.1.Value': 'platform' }),

  UntagResources: async (w) => {
    const accountId = await w.resourceAccount();
    await w.call('TagResources', { ResourceType: 'Account', 'ResourceId.1': accountId, 'Tag.1.Key': 'short', 'Tag.1.Value': 'lived' });
    return w.call('UntagResources', { ResourceType: 'Account', 'ResourceId.1': accountId, 'TagKey.1': 'short' });
  },

  ListTagResources: async (w) => {
    const first = await w.call('ListTagResources', { ResourceType: 'Account', 'ResourceId.1': w.memberId, MaxResults: '1' });
    return w.call('ListTagResources', {
      ResourceType: 'Account',
      'ResourceId.1': w.memberId,
      MaxResults: '1',
      NextToken: first['NextToken'],
    });
  },

  ListTagKeys: async (w) => {
    const first = await w.call('ListTagKeys', { ResourceType: 'Account', KeyFilter: 'e', MaxResults: '1' });
    return w.call('ListTagKeys', { ResourceType: 'Account', KeyFilter: 'e', MaxResults: '1', NextToken: first['NextToken'] });
  },

  ListTagValues: async (w) => {
    const accountId = await w.resourceAccount();
    await w.call('TagResources', { ResourceType: 'Account', 'ResourceId.1': accountId, 'Tag.1.Key': 'env', 'Tag.1.Value': 'staging' });
    const first = await w.call('ListTagValues', { ResourceType: 'Account', TagKey: 'env', MaxResults: '1' });
    return w.call('ListTagValues', { ResourceType: 'Account', TagKey: 'env', MaxResults: '1', NextToken: first['NextToken'] });
  },
};
