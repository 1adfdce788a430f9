import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { contactShape } from './contact-shapes.js';

export default defineAction({
  name: 'GetMessageContact',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:GetMessageContact', resources: [resource.messageContact] },
  params: z.object({ ContactId: z.string().optional() }),
  async handle({ caller, services }, params) {
    return { Contact: contactShape(await services.contacts.get(caller, params.ContactId)) };
  },
});
