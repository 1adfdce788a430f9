import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { delegatedServiceItem } from './delegation-shapes.js';

export default defineAction({
  name: 'ListDelegatedServicesForAccount',
  ram: { action: 'resourcemanager:ListDelegatedServicesForAccount', resources: [resource.account] },
  params: z.object({ AccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const delegated = await services.delegation.servicesOf(caller, params.AccountId);
    return { DelegatedServices: { DelegatedService: delegated.map(delegatedServiceItem) } };
  },
});
