import { z } from 'zod';
import { defineAction, resource, withLists } from './action.js';
import { listParam } from './contact-shapes.js';

export default defineAction({
  name: 'UpdateMessageContact',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:UpdateMessageContact', resources: [resource.messageContact] },
  params: withLists({
    ContactId: z.string().optional(),
    Name: z.string().optional(),
    EmailAddress: z.string().optional(),
    PhoneNumber: z.string().optional(),
    Title: z.string().optional(),
  }),
  async handle({ caller, services }, params) {
    await services.contacts.update(caller, {
      contactId: params.ContactId,
      name: params.Name,
      email: params.EmailAddress,
      phone: params.PhoneNumber,
      title: params.Title,
      messageTypes: listParam(params, 'MessageTypes'),
    });
    return {};
  },
});
