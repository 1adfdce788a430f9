import { z } from 'zod';
import { defineAction, pageFields, pageRequest, paging, resource } from './action.js';
import { delegatedAdministratorItem } from './delegation-shapes.js';

export default defineAction({
  name: 'ListDelegatedAdministrators',
  ram: { action: 'resourcemanager:ListDelegatedAdministrators', resources: [resource.anyAccount] },
  params: z.object({ ...paging, ServicePrincipal: z.string().optional() }),
  async handle({ caller, services }, params) {
    const request = pageRequest(params);
    const page = await services.delegation.list(caller, Object.assign({}, request, { servicePrincipal: params.ServicePrincipal }));
    return pageFields(request, page.total, { Accounts: { Account: page.items.map(delegatedAdministratorItem) } });
  },
});
