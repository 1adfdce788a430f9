import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiClient } from '../helpers/harness.js';
import { assertClean, chromiumSkip, newPage, screenshots } from './browser.js';
import { signInAs, serverAndBrowser } from './fixtures.js';

describe('console: inbox, refusals and emulator controls', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  test('the inbox shows a new SMS without a reload', async () => {
    const { harness, browser } = suite;
    await harness.reset();
    const account = await harness.createAccount({ displayName: 'Erin', securePhone: '1-2025550199' });
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await page.goto(`${harness.url}/console#/inbox`);
    await page.getByText('No messages yet.').waitFor();
    await apiClient(harness, account, '2020-03-31').request('SendVerificationCodeForEnableRD', {});
    const code = await harness.latestCode('1-2025550199', account.accountId);
    const row = page.locator('#inbox-list tr[data-message]', { hasText: '1-2025550199' });
    await row.locator('.code', { hasText: code }).waitFor();
    // Its delivery attempts, behind a disclosure.
    await row.locator('summary').click();
    await row.locator('details li').first().waitFor();
    assertClean(seen);
    await context.close();
  });

  test('refusals: the phone checked as the server does, country code 86 refused with its Code and a hint, an injected fault', async () => {
    const { harness, browser } = suite;
    await harness.reset();
    const account = await harness.createAccount({ displayName: 'Frank' });
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await signInAs(page, harness.url, account);
    await page.getByRole('link', { name: 'Enable' }).click();
    const phone = page.locator('#enable-phone');
    await phone.fill('2025550123');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByText('Write the phone as <country code>-<number>, for example 1-2025550123.').waitFor();
    assert.equal(await phone.getAttribute('aria-invalid'), 'true');

    await phone.fill('86-13800138000');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.locator('.failure .code', { hasText: 'InvalidParameter.MobileCountryCode' }).waitFor();
    await page.getByText(/country code 86 \(mainland China\) cannot be used/).waitFor();
    await screenshots(page, 'enable-refusal');

    // The emulator page injects a documented refusal; the wizard then shows it.
    await page.getByRole('link', { name: 'Emulator' }).click();
    await page.getByRole('button', { name: 'SendVerificationCodeForEnableRD: SendValidateCodeExceedsLimitForAccount' }).click();
    await page.getByRole('button', { name: 'Inject fault' }).click();
    await page.locator('#fault-list li', { hasText: 'SendValidateCodeExceedsLimitForAccount' }).waitFor();
    await page.getByRole('link', { name: 'Enable' }).click();
    await page.locator('#enable-phone').fill('1-2025550123');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.locator('.failure .code', { hasText: 'SendValidateCodeExceedsLimitForAccount' }).waitFor();
    await page.getByText(/too many codes today \(100 a day\)/).waitFor();

    // Refused on purpose: GetResourceDirectory (directory page, wizard twice), the two sends.
    assertClean(seen, 5);
    await context.close();
  });

  test('emulator controls: the clock moves forward, reset wipes everything', async () => {
    const { harness, browser } = suite;
    await harness.reset();
    await harness.createAccount({ displayName: 'Grace' });
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await page.goto(`${harness.url}/console#/emulator`);
    await page.locator('#clock-now', { hasText: 'real time)' }).waitFor();
    await page.getByRole('button', { name: '+1 day' }).click();
    await page.locator('#clock-now', { hasText: 'real time + 86400 s' }).waitFor();
    assert.equal((await harness.admin('GET', '/_canopy/clock')).body.offsetSeconds, 86_400);
    await screenshots(page, 'emulator');

    await page.getByLabel('I want to wipe everything').check();
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('No accounts yet: create one below.').waitFor();
    assert.deepEqual((await harness.admin('GET', '/_canopy/accounts')).body.accounts, []);
    assert.equal((await harness.admin('GET', '/_canopy/clock')).body.offsetSeconds, 0);
    assertClean(seen);
    await context.close();
  });
});
