import type { Scenarios } from './scenario.js';
import { BIND_PHONE } from './world.js';

/** Billing accounts, and binding a secure phone to a resource account (a RAM user of the manager only). */
export const billingAndPhoneScenarios: Scenarios = {
  GetPayerForAccount: (w) => w.call('GetPayerForAccount', { AccountId: w.memberId }),

  UpdatePayerForAccount: async (w) =>
    w.call('UpdatePayerForAccount', { AccountId: await w.resourceAccount(), PayerAccountId: w.manager.accountId }),

  PrecheckForConsolidatedBillingAccount: (w) => w.call('PrecheckForConsolidatedBillingAccount', { BillingAccountId: w.memberId }),

  SendVerificationCodeForBindSecureMobilePhone: async (w) =>
    w.call(
      'SendVerificationCodeForBindSecureMobilePhone',
      { AccountId: await w.resourceAccount(), SecureMobilePhone: BIND_PHONE },
      w.operator,
    ),

  BindSecureMobilePhone: async (w) => {
    const accountId = await w.resourceAccount();
    await w.call('SendVerificationCodeForBindSecureMobilePhone', { AccountId: accountId, SecureMobilePhone: BIND_PHONE }, w.operator);
    const code = await w.code(accountId, 'BindSecureMobilePhone');
    await w.call('BindSecureMobilePhone', { AccountId: accountId, SecureMobilePhone: BIND_PHONE, VerificationCode: code }, w.operator);
  },
};
