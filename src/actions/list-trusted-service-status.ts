import { z } from 'zod';
import { defineAction, pageFields, pageRequest, paging, resource } from './action.js';
import { enabledServiceItem } from './delegation-shapes.js';

export default defineAction({
  name: 'ListTrustedServiceStatus',
  ram: { action: 'resourcemanager:ListTrustedServiceStatus', resources: [resource.any] },
  params: z.object({ ...paging, AdminAccountId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const request = pageRequest(params);
    const page = await services.delegation.trustedServiceStatus(
      caller,
      Object.assign({}, request, { adminAccountId: params.AdminAccountId }),
    );
    return pageFields(request, page.total, {
      EnabledServicePrincipals: { EnabledServicePrincipal: page.items.map(enabledServiceItem) },
    });
  },
});
