import { z } from 'zod';
import { defineAction, wireBoolean } from './action.js';
import { accountBase, plainTags } from './account-shapes.js';

export default defineAction({
  name: 'GetAccount',
  params: z.object({ AccountId: z.string().optional(), IncludeTags: wireBoolean.optional() }),
  async handle({ tx, caller, services }, params) {
    const details = await services.members.get(tx, caller, params.AccountId);
    const account = await tx.accounts.get(details.member.membership.accountId);
    const tags = params.IncludeTags ? ((await tx.members.tags([details.member.membership.accountId])).get(details.member.membership.accountId) ?? []) : undefined;
    return {
      Account: {
        ...accountBase(details.member),
        EmailStatus: '',
        IdentityInformation: account?.enterpriseName ?? '',
        Location: details.location,
        ResourceDirectoryPath: details.path,
        ...(tags === undefined ? {} : { Tags: plainTags(tags) }),
      },
    };
  },
});
