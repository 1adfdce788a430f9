import { z } from 'zod';
import { defineAction, isoTime } from './action.js';

export default defineAction({
  name: 'SendVerificationCodeForBindSecureMobilePhone',
  params: z.object({ AccountId: z.string().optional(), SecureMobilePhone: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    const expiresAt = await services.directory.sendBindCode(tx, caller, { accountId: params.AccountId, phone: params.SecureMobilePhone });
    return { ExpirationDate: isoTime(expiresAt) };
  },
});
