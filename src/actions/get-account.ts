import { z } from 'zod';
import { defineAction, resource, wireBoolean } from './action.js';
import { accountBase, plainTags } from './account-shapes.js';
import type { EmailChangeState } from '../domain/directory/email-change-store.js';

/** `EmailStatus`: empty with no change or a confirmed one; the documented values otherwise. */
const EMAIL_STATUS: Readonly<Record<EmailChangeState, string>> = {
  pending: 'WAIT_MODIFY',
  confirmed: '',
  cancelled: 'CANCELLED',
  expired: 'EXPIRED',
};

export default defineAction({
  name: 'GetAccount',
  ram: { action: 'resourcemanager:GetAccount', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional(), IncludeTags: wireBoolean.optional() }),
  async handle({ caller, version, services }, params) {
    const details = await services.members.get(caller, { accountId: params.AccountId, includeTags: params.IncludeTags ?? false });
    return {
      Account: Object.assign(accountBase(details.member), {
        EmailStatus: details.emailChange === null ? '' : EMAIL_STATUS[details.emailChange],
        IdentityInformation: details.account.enterpriseName,
        Location: details.location,
        ResourceDirectoryPath: details.path,
        ...(details.tags === undefined ? {} : { Tags: plainTags(details.tags) }),
        ...(version === '2022-04-19' ? { HasSecureMobilePhone: details.account.securePhone !== null } : {}),
      }),
    };
  },
});
