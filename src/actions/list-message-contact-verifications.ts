import { z } from 'zod';
import { defineAction, pageFields, pageRequest, paging, resource } from './action.js';

export default defineAction({
  name: 'ListMessageContactVerifications',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:ListMessageContactVerifications', resources: [resource.messageContact] },
  params: z.object({ ContactId: z.string().optional(), ...paging }),
  async handle({ caller, services }, params) {
    const request = pageRequest(params);
    const found = await services.contactBindings.verifications(caller, { contactId: params.ContactId, ...request });
    return pageFields(request, found.total, {
      ContactVerifications: found.items.map((v) => ({ ContactId: v.contactId, Target: v.target })),
    });
  },
});
