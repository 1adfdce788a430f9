import { z } from 'zod';
import { defineAction } from './action.js';

export default defineAction({
  name: 'SendVerificationCodeForEnableRD',
  params: z.object({ SecureMobilePhone: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    await services.directory.sendEnableCode(tx, caller, params.SecureMobilePhone);
    return {};
  },
});
