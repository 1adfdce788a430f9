import { z } from 'zod';
import { chinaDateTime, defineAction, resource, withLists } from './action.js';
import { listParam } from './contact-shapes.js';

export default defineAction({
  name: 'AddMessageContact',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:AddMessageContact', resources: [resource.anyMessageContact] },
  params: withLists({
    Name: z.string().optional(),
    EmailAddress: z.string().optional(),
    PhoneNumber: z.string().optional(),
    Title: z.string().optional(),
  }),
  async handle({ caller, services }, params) {
    const contact = await services.contacts.add(caller, {
      name: params.Name,
      email: params.EmailAddress,
      phone: params.PhoneNumber,
      title: params.Title,
      messageTypes: listParam(params, 'MessageTypes'),
    });
    return { Contact: { ContactId: contact.id, CreateDate: chinaDateTime(contact.createdAt) } };
  },
});
