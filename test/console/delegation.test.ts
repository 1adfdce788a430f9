import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClean, chromiumSkip, newPage, screenshots } from './browser.js';
import { managedDirectory, signInAs, serverAndBrowser } from './fixtures.js';

describe('console: delegated administrators', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  test('a member registered (twice: refused), its service turned on and off for it, the trusted service on and off, deregistered: the RPC API agrees', async () => {
    const { harness, browser } = suite;
    await harness.reset();
    const { account, api } = await managedDirectory(harness);
    const member = (await api.request('CreateResourceAccount', { DisplayName: 'Config admin', AccountNamePrefix: 'config-admin' }))[
      'Account'
    ];
    const service = 'config.aliyuncs.com';
    const trusted = async () =>
      (
        (await api.request('ListTrustedServiceStatus'))['EnabledServicePrincipals'].EnabledServicePrincipal as {
          ServicePrincipal: string;
        }[]
      ).map((e) => e.ServicePrincipal);
    const administrators = async () =>
      ((await api.request('ListDelegatedAdministrators'))['Accounts'].Account as { AccountId: string; ServicePrincipal: string }[]).map(
        (a) => [a.AccountId, a.ServicePrincipal],
      );
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await signInAs(page, harness.url, account);
    await page.getByRole('link', { name: 'Delegation' }).click();
    await page.getByText('No trusted service is on for the management account.').waitFor();
    await page.getByText('No delegated administrators yet.').waitFor();

    // The member registered as a delegated administrator of the service.
    await page.locator('#delegate-account').selectOption(member.AccountId);
    await page.locator('#delegate-service').fill(service);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const row = page.locator(`#delegated-admins tr[data-admin="${member.AccountId} ${service}"]`);
    await row.waitFor();
    assert.deepEqual(await administrators(), [[member.AccountId, service]]);

    // Registered twice: refused with its Code and a hint.
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.locator('.failure .code', { hasText: 'AccountAlreadyRegistered' }).waitFor();
    await page.getByText('That member is already a delegated administrator of this service.').waitFor();

    // Its services: the service, DISABLED until it is turned on for that account, then off again.
    const delegatedStatus = async () =>
      (await api.request('ListDelegatedServicesForAccount', { AccountId: member.AccountId }))['DelegatedServices'].DelegatedService.map(
        (s: { ServicePrincipal: string; Status: string }) => [s.ServicePrincipal, s.Status],
      );
    await row.getByRole('button', { name: 'Services of Config admin' }).click();
    const services = page.locator(`[data-services-of="${member.AccountId}"]`);
    await services.locator('dd', { hasText: /^DISABLED$/ }).waitFor();
    await services.getByRole('button', { name: 'Turn on for Config admin' }).click();
    await services.locator('dd', { hasText: /^ENABLED$/ }).waitFor();
    assert.deepEqual(await delegatedStatus(), [[service, 'ENABLED']]);
    await screenshots(page, 'delegation');
    await services.getByRole('button', { name: 'Turn off for Config admin' }).click();
    await services.locator('dd', { hasText: /^DISABLED$/ }).waitFor();
    assert.deepEqual(await delegatedStatus(), [[service, 'DISABLED']]);

    // The trusted service, on for the management account.
    await page.locator('#trusted-service').fill(service);
    await page.getByRole('button', { name: 'Turn on', exact: true }).click();
    await page.locator(`#trusted-services tr[data-service="${service}"]`).waitFor();
    assert.deepEqual(await trusted(), [service]);

    // Deregistered, then the service turned off for the management account.
    await row.getByRole('button', { name: `Deregister Config admin for ${service}` }).click();
    await page.getByText('No delegated administrators yet.').waitFor();
    assert.deepEqual(await administrators(), []);
    await page.getByRole('button', { name: `Turn off ${service}` }).click();
    await page.getByText('No trusted service is on for the management account.').waitFor();
    assert.deepEqual(await trusted(), []);

    // One refused load: the second registration.
    assertClean(seen, 1);
    await context.close();
  });
});
