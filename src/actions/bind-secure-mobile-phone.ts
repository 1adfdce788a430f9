import { z } from 'zod';
import { defineAction } from './action.js';

export default defineAction({
  name: 'BindSecureMobilePhone',
  params: z.object({
    AccountId: z.string().optional(),
    SecureMobilePhone: z.string().optional(),
    VerificationCode: z.string().optional(),
  }),
  async handle({ tx, caller, services }, params) {
    await services.directory.bindPhone(tx, caller, {
      accountId: params.AccountId,
      phone: params.SecureMobilePhone,
      code: params.VerificationCode,
    });
    return {};
  },
});
