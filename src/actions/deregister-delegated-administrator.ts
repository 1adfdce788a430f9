import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'DeregisterDelegatedAdministrator',
  ram: { action: 'resourcemanager:DeregisterDelegatedAdministrator', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional(), ServicePrincipal: z.string() }),
  async handle({ caller, services }, params) {
    await services.delegation.deregister(caller, { accountId: params.AccountId, servicePrincipal: params.ServicePrincipal });
    return {};
  },
});
