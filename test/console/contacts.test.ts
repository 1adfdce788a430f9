import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { apiClient, expectApiError } from '../helpers/harness.js';
import { assertClean, chromiumSkip, newPage, screenshots } from './browser.js';
import { managedDirectory, signInAs, serverAndBrowser } from './fixtures.js';

describe('console: message contacts', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  /** Opens the link the console shows for `target` and presses Confirm on Canopy's confirmation page. */
  const confirmFrom = async (page: Page, context: BrowserContext, origin: string, target: string) => {
    const link = page.locator(`li[data-target="${target}"] a.message-link`);
    const href = (await link.getAttribute('href'))!;
    const { page: mailbox, seen } = await newPage(context, origin);
    await mailbox.goto(new URL(href, origin).toString());
    await mailbox.getByRole('button', { name: 'Confirm' }).click();
    await mailbox.getByRole('heading', { name: 'Confirmed' }).waitFor();
    assertClean(seen);
    await mailbox.close();
  };

  test('add with both codes confirmed from the inbox, update and its cancellation, members bound and unbound, a refusal, deletion and its status', async () => {
    const { harness, browser } = suite;
    await harness.reset();
    const { account, api } = await managedDirectory(harness);
    const rdm = apiClient(harness, account, '2022-04-19');
    const member = (await api.request('CreateResourceAccount', { DisplayName: 'Ops box', AccountNamePrefix: 'ops-box' }))['Account'];
    const contacts = async () => (await rdm.request('ListMessageContacts'))['Contacts'] as Record<string, any>[];
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await signInAs(page, harness.url, account);
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByText('No message contacts yet: add one below.').waitFor();

    // Add: name, email, phone, title and two message types.
    await page.locator('#add-name').fill('Alice');
    await page.locator('#add-email').fill('alice@example.com');
    await page.locator('#add-phone').fill('86-13800138000');
    await page.locator('#add-title').selectOption('TechnicalDirector');
    await page.locator('#add-types').getByLabel('ServiceMessage').check();
    await page.locator('#add-types').getByLabel('SecurityMessage').check();
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByText(/^Added Alice \(c-/).waitFor();
    const [added] = await contacts();
    assert.equal(added!['Name'], 'Alice');
    assert.equal(added!['Title'], 'TechnicalDirector');
    assert.deepEqual(added!['MessageTypes'], ['ServiceMessage', 'SecurityMessage']);
    assert.equal(added!['Status'], 'Verifying');
    const contactId = added!['ContactId'] as string;
    await page.locator(`tr[data-contact="${contactId}"] .status`, { hasText: 'Verifying' }).waitFor();

    // Both codes sent from the card; the emulator's inbox shows each message with its link.
    await page.locator('li[data-target="alice@example.com"]').getByRole('button', { name: 'Send email code' }).click();
    await page.locator('li[data-target="alice@example.com"] a.message-link').waitFor();
    await page.locator('li[data-target="86-13800138000"]').getByRole('button', { name: 'Send SMS code' }).click();
    await page.locator('li[data-target="86-13800138000"] a.message-link').waitFor();
    await screenshots(page, 'contacts-verifying');
    await confirmFrom(page, context, harness.url, 'alice@example.com');
    await confirmFrom(page, context, harness.url, '86-13800138000');
    assert.equal((await contacts())[0]!['Status'], 'Active');
    assert.deepEqual((await rdm.request('ListMessageContactVerifications'))['ContactVerifications'], []);
    await page.reload();
    await page.locator(`tr[data-contact="${contactId}"] .status`, { hasText: 'Active' }).waitFor();

    // Update: a new email (awaiting confirmation) and title; then the email change is withdrawn.
    await page.getByRole('button', { name: 'Manage Alice' }).click();
    await page.getByText('Nothing: its email and phone are confirmed.').waitFor();
    await page.locator('#edit-email').fill('alice.new@example.com');
    await page.locator('#edit-title').selectOption('CEO');
    await page.getByRole('button', { name: 'Update contact' }).click();
    await page.locator('li[data-target="alice.new@example.com"]').waitFor();
    let [updated] = await contacts();
    assert.equal(updated!['EmailAddress'], 'alice.new@example.com');
    assert.equal(updated!['Title'], 'CEO');
    await page.locator('li[data-target="alice.new@example.com"]').getByRole('button', { name: 'Cancel this change' }).click();
    await page.getByText('The change to alice.new@example.com is withdrawn.').waitFor();
    [updated] = await contacts();
    assert.equal(updated!['EmailAddress'], 'alice@example.com');
    assert.equal(updated!['Status'], 'Active');

    // Bound to the member, then unbound.
    await page.locator('#associate-member').selectOption(member.AccountId);
    await page.getByRole('button', { name: 'Associate', exact: true }).click();
    await page.locator(`#contact-members li[data-member="${member.AccountId}"]`).waitFor();
    assert.deepEqual((await contacts())[0]!['Members'], [member.AccountId]);
    await screenshots(page, 'contacts');
    await page.getByRole('button', { name: `Disassociate ${member.AccountId}` }).click();
    await page.getByText('Bound to nothing yet.').waitFor();
    assert.deepEqual((await contacts())[0]!['Members'], []);

    // A refusal: a contact's phone takes country code 86 only, and the hint says so.
    await page.locator('#add-name').fill('Bob');
    await page.locator('#add-email').fill('bob@example.com');
    await page.locator('#add-phone').fill('1-2025550123');
    await page.locator('#add-types').getByLabel('FaultMessage').check();
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.locator('.failure .code', { hasText: 'InvalidParameter.MobileCountryCode' }).waitFor();
    await page.getByText("A contact's phone must be a Chinese mainland number: 86-<number>.").waitFor();
    assert.equal((await contacts()).length, 1);

    // Deleted without keeping it on its members: Deleting until the emulator clock passes the deletion time.
    await page.locator('#contact-retain').uncheck();
    await page.getByRole('button', { name: 'Delete contact' }).click();
    await page.getByText('Deletion: Deleting.').waitFor();
    await page.getByRole('button', { name: 'Deletion status' }).click();
    await page.locator('#contact-deletion dd', { hasText: /^Deleting$/ }).waitFor();
    const status = (await rdm.request('GetMessageContactDeletionStatus', { ContactId: contactId }))['ContactDeletionStatus'];
    assert.equal(status.Status, 'Deleting');
    await harness.advanceClock(10);
    await expectApiError(() => rdm.request('GetMessageContact', { ContactId: contactId }), 404, 'EntityNotExists.Contact');
    await page.reload();
    await page.getByText('No message contacts yet: add one below.').waitFor();

    // One refused load: the AddMessageContact the test provoked.
    assertClean(seen, 1);
    await context.close();
  });
});
