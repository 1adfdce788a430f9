import type { Scenarios } from './scenario.js';

/** Deleting resource accounts: each scenario deletes a fresh one (deletion is enabled in the fixture). */
export const deletionScenarios: Scenarios = {
  CheckAccountDelete: async (w) => w.call('CheckAccountDelete', { AccountId: await w.resourceAccount() }),

  GetAccountDeletionCheckResult: async (w) => {
    const accountId = await w.resourceAccount();
    await w.call('CheckAccountDelete', { AccountId: accountId });
    await w.call('GetAccountDeletionCheckResult', { AccountId: accountId });
    await w.harness.advanceClock(60);
    await w.call('GetAccountDeletionCheckResult', { AccountId: accountId });
  },

  DeleteAccount: async (w) => w.call('DeleteAccount', { AccountId: await w.resourceAccount() }),

  GetAccountDeletionStatus: async (w) => {
    const accountId = await w.resourceAccount();
    await w.call('DeleteAccount', { AccountId: accountId });
    // Under way, then done (DeletionTime: see the exemptions).
    await w.call('GetAccountDeletionStatus', { AccountId: accountId });
    await w.harness.advanceClock(60);
    await w.call('GetAccountDeletionStatus', { AccountId: accountId });
  },
};
