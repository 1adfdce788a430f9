import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'SendEmailVerificationForMessageContact',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:SendEmailVerificationForMessageContact', resources: [resource.messageContact] },
  sends: { channel: 'email', purpose: 'MessageContactEmail' },
  params: z.object({ ContactId: z.string().optional(), EmailAddress: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.contactVerification.sendEmail(caller, { contactId: params.ContactId, email: params.EmailAddress });
    return {};
  },
});
