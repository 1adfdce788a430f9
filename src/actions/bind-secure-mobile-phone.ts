import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'BindSecureMobilePhone',
  ram: { action: 'resourcemanager:BindSecureMobilePhone', resources: [resource.account] },
  params: z.object({
    AccountId: z.string().optional(),
    SecureMobilePhone: z.string().optional(),
    VerificationCode: z.string().optional(),
  }),
  async handle({ caller, services }, params) {
    await services.phoneBinding.bind(caller, {
      accountId: params.AccountId,
      phone: params.SecureMobilePhone,
      code: params.VerificationCode,
    });
    return {};
  },
});
