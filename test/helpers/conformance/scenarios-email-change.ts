import type { Scenarios } from './scenario.js';
import type { World } from './world.js';

/** A new resource account with a pending change of its login email. */
async function pendingChange(w: World): Promise<string> {
  const accountId = await w.resourceAccount();
  await w.call('ChangeAccountEmail', { AccountId: accountId, Email: `${w.unique('login')}@example.com` });
  return accountId;
}

/** Login email changes of resource accounts (both versions). */
export const emailChangeScenarios: Scenarios = {
  ChangeAccountEmail: pendingChange,
  RetryChangeAccountEmail: async (w) => w.call('RetryChangeAccountEmail', { AccountId: await pendingChange(w) }),
  CancelChangeAccountEmail: async (w) => w.call('CancelChangeAccountEmail', { AccountId: await pendingChange(w) }),
};
