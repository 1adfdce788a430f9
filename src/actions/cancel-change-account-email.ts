import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'CancelChangeAccountEmail',
  ram: { action: 'resourcemanager:CancelChangeAccountEmail', resources: [resource.any] },
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.emailChanges.cancel(caller, { accountId: params.AccountId });
    return {};
  },
});
