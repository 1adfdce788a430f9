import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClean, chromiumSkip, newPage, screenshots } from './browser.js';
import { managedDirectory, openMember, serverAndBrowser } from './fixtures.js';

describe('console: a member login email change', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  test('changed, sent again, cancelled, refused, changed again and confirmed from the link in the inbox: the RPC API agrees', async () => {
    const { harness, browser } = suite;
    await harness.reset();
    const { account, api } = await managedDirectory(harness);
    const member = (await api.request('CreateResourceAccount', { DisplayName: 'Mail box', AccountNamePrefix: 'mail-box' }))['Account'];
    const details = async () => (await api.request('GetAccount', { AccountId: member.AccountId }))['Account'];
    const sent = async () =>
      (await harness.admin('GET', `/_canopy/messages?purpose=ChangeAccountEmail&accountId=${member.AccountId}`)).body.messages as {
        email: string;
        link: string;
      }[];
    const { context, page, seen } = await openMember({ harness, browser }, account, member.AccountId);
    const section = page.locator('#email-change');
    await section.locator('#new-email').waitFor();

    await page.locator('#new-email').fill('new.box@example.com');
    await page.getByRole('button', { name: 'Change email' }).click();
    await section.locator('#email-status', { hasText: 'WAIT_MODIFY' }).waitFor();
    await section.locator('#email-status', { hasText: 'To new.box@example.com.' }).waitFor();
    assert.equal((await details()).EmailStatus, 'WAIT_MODIFY');
    const [first] = await sent();
    assert.equal(await section.locator('a.message-link').getAttribute('href'), first!.link);
    await screenshots(page, 'member-email');

    // A new link replaces the first.
    await page.getByRole('button', { name: 'Send the link again' }).click();
    await page.getByText('A new link is on its way; the old one no longer works.').waitFor();
    const again = await sent();
    assert.equal(again.length, 2);
    assert.notEqual(again[0]!.link, first!.link);
    assert.equal(await section.locator('a.message-link').getAttribute('href'), again[0]!.link);

    await page.getByRole('button', { name: 'Cancel the change' }).click();
    await section.locator('#email-status', { hasText: 'CANCELLED' }).waitFor();
    assert.equal((await details()).EmailStatus, 'CANCELLED');

    // Its own current name: refused with its Code and a hint.
    await page.locator('#new-email').fill(member.AccountName);
    await page.getByRole('button', { name: 'Change email' }).click();
    await section.locator('.failure .code', { hasText: 'InvalidParameter.Email.AlreadyUsed' }).waitFor();
    await section.getByText('That address is already the login name of an account.').waitFor();

    // Changed again, and confirmed by the link of the email the console shows.
    await page.locator('#new-email').fill('final.box@example.com');
    await page.getByRole('button', { name: 'Change email' }).click();
    const link = section.locator('a.message-link');
    await link.waitFor();
    const { page: mailbox, seen: mailboxSeen } = await newPage(context, harness.url);
    await mailbox.goto((await link.getAttribute('href'))!);
    await mailbox.getByRole('button', { name: 'Confirm' }).click();
    await mailbox.getByRole('heading', { name: 'Email confirmed' }).waitFor();
    assertClean(mailboxSeen);
    const confirmed = await details();
    assert.equal(confirmed.AccountName, 'final.box@example.com');
    assert.equal(confirmed.EmailStatus, '');
    await section.getByRole('button', { name: 'Refresh' }).click();
    await section.locator('#new-email').waitFor();
    assert.equal(await section.locator('#email-status').count(), 0);
    // The member's details, read again, show the new login name.
    await page.locator(`.node[data-member="${member.AccountId}"]`).click();
    await page.locator('#panel dd', { hasText: /^final\.box@example\.com$/ }).waitFor();

    // One refused load: the change to the account's own name.
    assertClean(seen, 1);
    await context.close();
  });
});
