import { z } from 'zod';
import { defineAction, resource, isoTime } from './action.js';

export default defineAction({
  name: 'SendVerificationCodeForBindSecureMobilePhone',
  ram: { action: 'resourcemanager:SendVerificationCodeForBindSecureMobilePhone', resources: [resource.any] },
  sends: { channel: 'sms', purpose: 'BindSecureMobilePhone' },
  params: z.object({ AccountId: z.string().optional(), SecureMobilePhone: z.string().optional() }),
  async handle({ caller, services }, params) {
    const expiresAt = await services.phoneBinding.sendCode(caller, { accountId: params.AccountId, phone: params.SecureMobilePhone });
    return { ExpirationDate: isoTime(expiresAt) };
  },
});
