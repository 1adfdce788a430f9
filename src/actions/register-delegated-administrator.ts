import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'RegisterDelegatedAdministrator',
  ram: { action: 'resourcemanager:RegisterDelegatedAdministrator', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional(), ServicePrincipal: z.string() }),
  async handle({ caller, services }, params) {
    await services.delegation.register(caller, { accountId: params.AccountId, servicePrincipal: params.ServicePrincipal });
    return {};
  },
});
