import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'RetryChangeAccountEmail',
  ram: { action: 'resourcemanager:RetryChangeAccountEmail', resources: [resource.account] },
  sends: { channel: 'email', purpose: 'ChangeAccountEmail' },
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.emailChanges.retry(caller, { accountId: params.AccountId });
    return {};
  },
});
