import type { Scenarios } from './scenario.js';
import { MEMBER_TAGS } from './world.js';

/** Members: the tagged resource account and the joined cloud account of the fixture, or fresh ones to change. */
export const memberScenarios: Scenarios = {
  CreateResourceAccount: async (w) => {
    // A dry run that passes answers with the RequestId alone (see the exemptions).
    await w.call('CreateResourceAccount', { DisplayName: w.unique('Dry'), DryRun: 'true' });
    await w.call('CreateResourceAccount', {
      DisplayName: w.unique('Created'),
      AccountNamePrefix: w.unique('created'),
      ParentFolderId: w.folderId,
      ...MEMBER_TAGS,
    });
  },

  GetAccount: async (w) => {
    await w.call('GetAccount', { AccountId: w.memberId, IncludeTags: 'true' });
    await w.call('GetAccount', { AccountId: w.memberId });
    await w.call('GetAccount', { AccountId: w.joined.accountId });
    await w.call('GetAccount', { AccountId: w.manager.accountId });
  },

  ListAccounts: async (w) => {
    await w.call('ListAccounts', { IncludeTags: 'true', PageSize: '100' });
    await w.call('ListAccounts', { PageSize: '5' });
  },

  ListAccountsForParent: async (w) => {
    await w.call('ListAccountsForParent', { ParentFolderId: w.subfolderId, IncludeTags: 'true' });
    await w.call('ListAccountsForParent', { ParentFolderId: w.rootId });
  },

  UpdateAccount: async (w) => {
    const accountId = await w.resourceAccount();
    await w.call('UpdateAccount', { AccountId: accountId, NewDisplayName: w.unique('Dry'), DryRun: 'true' });
    await w.call('UpdateAccount', { AccountId: accountId, NewDisplayName: w.unique('Renamed') });
  },

  MoveAccount: async (w) => w.call('MoveAccount', { AccountId: await w.resourceAccount(), DestinationFolderId: w.folderId }),

  RemoveCloudAccount: async (w) => w.call('RemoveCloudAccount', { AccountId: (await w.joinedMember()).accountId }),
};
