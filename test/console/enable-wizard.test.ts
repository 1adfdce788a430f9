import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiClient } from '../helpers/harness.js';
import { assertClean, chromiumSkip, newPage, screenshots } from './browser.js';
import { serverAndBrowser } from './fixtures.js';

describe('console: the enable wizard in emulator mode', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  test('create an account, send the code, read it in the inbox view, dry run, enable', async () => {
    const { harness, browser } = suite;
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await page.goto(`${harness.url}/console`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshots(page, 'sign-in');

    await page.getByLabel('Display name').fill('Alice');
    await page.getByLabel('Secure phone').fill('1-2025550123');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    // Not in a directory yet: the directory page says so with the API's code and offers the wizard.
    await page.locator('.failure .code').waitFor();
    await page.getByRole('button', { name: 'Open the enable wizard' }).click();
    await page.getByRole('heading', { name: 'Enable a resource directory' }).waitFor();
    // The wizard renders first and fills the phone in once the admin API has answered with the account.
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#enable-phone')?.value !== '');
    assert.equal(await page.locator('#enable-phone').inputValue(), '1-2025550123');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByText('Code sent to 1-2025550123.').waitFor();

    // The inbox view, in a second tab: the SMS arrives there, with its code (emulator mode).
    const { page: inbox, seen: inboxSeen } = await newPage(context, harness.url);
    await inbox.goto(`${harness.url}/console#/inbox`);
    const row = inbox.locator('tr[data-message]').filter({ hasText: 'EnableRD' }).first();
    await row.waitFor();
    const code = (await row.locator('.code').textContent())?.trim() ?? '';
    assert.match(code, /^\d{6}$/);
    await screenshots(inbox, 'inbox');

    // The wizard shows the same code as it arrives.
    await page.locator('#inbox-code').waitFor();
    assert.equal((await page.locator('#inbox-code').textContent())?.trim(), code);
    await page.locator('#enable-code').fill(code);
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText('Dry run passed').waitFor();
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.locator('#enabled-directory').waitFor();
    const directoryId = (await page.locator('#enabled-directory').textContent())?.trim();
    await screenshots(page, 'enable-wizard');

    // The RPC API agrees: the account manages that directory.
    const { accounts } = (await harness.admin('GET', '/_canopy/accounts')).body;
    const alice = accounts.find((a: { displayName: string }) => a.displayName === 'Alice');
    const key = (await harness.admin('POST', `/_canopy/accounts/${alice.accountId}/access-keys`)).body;
    const rd = await apiClient(harness, { ...alice, ...key }, '2020-03-31').request('GetResourceDirectory');
    assert.equal(rd['ResourceDirectory'].ResourceDirectoryId, directoryId);
    assert.equal(rd['ResourceDirectory'].MasterAccountId, alice.accountId);

    // The only refused loads: GetResourceDirectory before the directory existed (directory page, wizard).
    assertClean(seen, 2);
    assertClean(inboxSeen);
    await context.close();
  });
});
