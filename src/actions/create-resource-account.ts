import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { accountBase, parseTags, tagsToStore, withTags } from './account-shapes.js';

export default defineAction({
  name: 'CreateResourceAccount',
  ram: { action: 'resourcemanager:CreateResourceAccount', resources: [resource.folder] },
  params: withTags({
    DisplayName: z.string().optional(),
    AccountNamePrefix: z.string().optional(),
    ParentFolderId: z.string().optional(),
    // Accepted and ignored: Canopy has no billing (README).
    PayerAccountId: z.string().optional(),
    ResellAccountType: z.string().optional(),
  }),
  async handle({ caller, services }, params) {
    const tags = tagsToStore(parseTags(params));
    const member = await services.members.createResourceAccount(caller, {
      displayName: params.DisplayName,
      accountNamePrefix: params.AccountNamePrefix,
      parentFolderId: params.ParentFolderId,
      tags,
    });
    return { Account: accountBase(member) };
  },
});
