import type { Scenarios } from './scenario.js';
import type { World } from './world.js';

/** Cloud Config allows delegated administrators (the trusted-service catalogue). */
const SERVICE = 'config.aliyuncs.com';

/** A new resource account registered for SERVICE; `done` deregisters it, so no scenario uses up the service's maximum. */
async function delegated(w: World): Promise<{ accountId: string; done: () => Promise<unknown> }> {
  const accountId = await w.resourceAccount();
  await w.call('RegisterDelegatedAdministrator', { AccountId: accountId, ServicePrincipal: SERVICE });
  return { accountId, done: () => w.call('DeregisterDelegatedAdministrator', { AccountId: accountId, ServicePrincipal: SERVICE }) };
}

/** Trusted services and delegated administrators, each list called with an item in it. */
export const delegationScenarios: Scenarios = {
  RegisterDelegatedAdministrator: async (w) => (await delegated(w)).done(),

  DeregisterDelegatedAdministrator: async (w) => (await delegated(w)).done(),

  ListDelegatedAdministrators: async (w) => {
    const { done } = await delegated(w);
    await w.call('ListDelegatedAdministrators', { ServicePrincipal: SERVICE, PageSize: '1' });
    return done();
  },

  ListDelegatedServicesForAccount: async (w) => {
    const { accountId, done } = await delegated(w);
    await w.call('ListDelegatedServicesForAccount', { AccountId: accountId });
    return done();
  },

  ListTrustedServiceStatus: async (w) => {
    const enabled = await w.harness.admin('POST', `/_canopy/directories/${w.rdId}/trusted-services`, { servicePrincipal: SERVICE });
    if (enabled.status !== 201) throw new Error(`enabling ${SERVICE}: ${JSON.stringify(enabled.body)}`);
    return w.call('ListTrustedServiceStatus', { PageSize: '1' });
  },
};
