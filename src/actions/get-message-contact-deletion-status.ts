import { z } from 'zod';
import { defineAction, resource } from './action.js';

/** Canopy's deletions never fail, so a contact reads Deleting until it is gone (then EntityNotExists.Contact). */
export default defineAction({
  name: 'GetMessageContactDeletionStatus',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:GetMessageContactDeletionStatus', resources: [resource.messageContact] },
  params: z.object({ ContactId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const contact = await services.contacts.deletionStatus(caller, params.ContactId);
    return { ContactDeletionStatus: { ContactId: contact.id, Status: 'Deleting', FailReasonList: [] } };
  },
});
