import { z } from 'zod';
import { defineAction, resource, wireBoolean, withLists } from './action.js';
import { accountBase, parseTags, tagsToStore } from './account-shapes.js';

export default defineAction({
  name: 'CreateResourceAccount',
  ram: { action: 'resourcemanager:CreateResourceAccount', resources: [resource.folder] },
  params: withLists({
    DisplayName: z.string().optional(),
    AccountNamePrefix: z.string().optional(),
    ParentFolderId: z.string().optional(),
    PayerAccountId: z.string().optional(),
    // Accepted and ignored: Canopy has no resale relationships (docs/api.md).
    ResellAccountType: z.string().optional(),
    DryRun: wireBoolean.optional(),
  }),
  async handle({ caller, services }, params) {
    const tags = tagsToStore(parseTags(params));
    const member = await services.members.createResourceAccount(caller, {
      displayName: params.DisplayName,
      accountNamePrefix: params.AccountNamePrefix,
      parentFolderId: params.ParentFolderId,
      tags,
      payerAccountId: params.PayerAccountId,
      dryRun: params.DryRun ?? false,
    });
    // A dry run that passes answers with the RequestId alone.
    return member ? { Account: accountBase(member) } : {};
  },
});
