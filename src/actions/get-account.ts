import { z } from 'zod';
import { defineAction, resource, wireBoolean } from './action.js';
import { accountBase, plainTags } from './account-shapes.js';

export default defineAction({
  name: 'GetAccount',
  ram: { action: 'resourcemanager:GetAccount', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional(), IncludeTags: wireBoolean.optional() }),
  async handle({ caller, version, services }, params) {
    const details = await services.members.get(caller, { accountId: params.AccountId, includeTags: params.IncludeTags ?? false });
    return {
      Account: {
        ...accountBase(details.member),
        EmailStatus: '',
        IdentityInformation: details.account.enterpriseName,
        Location: details.location,
        ResourceDirectoryPath: details.path,
        ...(details.tags === undefined ? {} : { Tags: plainTags(details.tags) }),
        ...(version === '2022-04-19' ? { HasSecureMobilePhone: details.account.securePhone !== null } : {}),
      },
    };
  },
});
