import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'CancelMessageContactUpdate',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:CancelMessageContactUpdate', resources: [resource.messageContact] },
  params: z.object({ ContactId: z.string().optional(), EmailAddress: z.string().optional(), PhoneNumber: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.contacts.cancelUpdate(caller, { contactId: params.ContactId, email: params.EmailAddress, phone: params.PhoneNumber });
    return {};
  },
});
