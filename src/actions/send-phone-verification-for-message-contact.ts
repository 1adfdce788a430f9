import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'SendPhoneVerificationForMessageContact',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:SendPhoneVerificationForMessageContact', resources: [resource.messageContact] },
  sends: { channel: 'sms', purpose: 'MessageContactPhone' },
  params: z.object({ ContactId: z.string().optional(), PhoneNumber: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.contactVerification.sendPhone(caller, { contactId: params.ContactId, phone: params.PhoneNumber });
    return {};
  },
});
