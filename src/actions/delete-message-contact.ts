import { z } from 'zod';
import { defineAction, resource, wireBoolean } from './action.js';

export default defineAction({
  name: 'DeleteMessageContact',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:DeleteMessageContact', resources: [resource.messageContact] },
  params: z.object({ ContactId: z.string().optional(), RetainContactInMembers: wireBoolean.optional() }),
  async handle({ caller, services }, params) {
    const status = await services.contacts.delete(caller, {
      contactId: params.ContactId,
      retainInMembers: params.RetainContactInMembers ?? true,
    });
    return { Status: status };
  },
});
