import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'ChangeAccountEmail',
  ram: { action: 'resourcemanager:ChangeAccountEmail', resources: [resource.any] },
  sends: { channel: 'email', purpose: 'ChangeAccountEmail' },
  params: z.object({ AccountId: z.string().optional(), Email: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.emailChanges.change(caller, { accountId: params.AccountId, email: params.Email });
    return {};
  },
});
