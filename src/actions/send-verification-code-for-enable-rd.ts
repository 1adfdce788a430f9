import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'SendVerificationCodeForEnableRD',
  ram: { action: 'resourcemanager:SendVerificationCodeForEnableRD', resources: [resource.any] },
  sends: { channel: 'sms', purpose: 'EnableRD' },
  params: z.object({ SecureMobilePhone: z.string().optional() }),
  async handle({ caller, services }, params) {
    await services.directory.sendEnableCode(caller, params.SecureMobilePhone);
    return {};
  },
});
