import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertClean, chromiumSkip, newPage, screenshots } from './browser.js';
import { managedDirectory, signInAs, serverAndBrowser } from './fixtures.js';

describe('console: invitations', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  const invite = async (page: Page, accountId: string) => {
    await page.locator('#invite-target').fill(accountId);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const row = page.locator('#sent tr[data-handshake]', { hasText: accountId });
    await row.waitFor();
    return (await row.getAttribute('data-handshake'))!;
  };

  test('sent by the manager, accepted in a second browser context, declined, cancelled: the RPC API agrees', async () => {
    const { harness, browser } = suite;
    const { account: manager, api } = await managedDirectory(harness);
    const [bob, carol, dave] = [
      await harness.createAccount({ displayName: 'Bob' }),
      await harness.createAccount({ displayName: 'Carol' }),
      await harness.createAccount({ displayName: 'Dave' }),
    ];
    const managerContext = await browser.newContext();
    const { page, seen } = await newPage(managerContext, harness.url);
    await signInAs(page, harness.url, manager);
    await page.getByRole('link', { name: 'Invitations' }).click();
    await page.getByRole('heading', { name: 'Invitations' }).waitFor();
    const toBob = await invite(page, bob.accountId);
    const toCarol = await invite(page, carol.accountId);
    const toDave = await invite(page, dave.accountId);

    // Bob, in a browser context of his own, accepts.
    const bobContext = await browser.newContext();
    const { page: bobPage, seen: bobSeen } = await newPage(bobContext, harness.url);
    await signInAs(bobPage, harness.url, bob);
    await bobPage.goto(`${harness.url}/console#/invitations`);
    const bobRow = bobPage.locator(`#received tr[data-handshake="${toBob}"]`);
    await bobRow.getByRole('button', { name: 'Accept' }).click();
    await bobRow.locator('.status', { hasText: 'Accepted' }).waitFor();
    await screenshots(bobPage, 'invitations');
    const member = (await api.request('GetAccount', { AccountId: bob.accountId }))['Account'];
    assert.equal(member.JoinMethod, 'invited');

    // Carol declines (another tab of that context: each tab signs in on its own).
    const { page: carolPage, seen: carolSeen } = await newPage(bobContext, harness.url);
    await signInAs(carolPage, harness.url, carol);
    await carolPage.goto(`${harness.url}/console#/invitations`);
    const carolRow = carolPage.locator(`#received tr[data-handshake="${toCarol}"]`);
    await carolRow.getByRole('button', { name: 'Decline' }).click();
    await carolRow.locator('.status', { hasText: 'Declined' }).waitFor();

    // The manager cancels Dave's.
    await page.locator(`#sent tr[data-handshake="${toDave}"]`).getByRole('button', { name: 'Cancel' }).click();
    await page.locator(`#sent tr[data-handshake="${toDave}"] .status`, { hasText: 'Cancelled' }).waitFor();

    const statuses = Object.fromEntries(
      ((await api.request('ListHandshakesForResourceDirectory'))['Handshakes'].Handshake as { HandshakeId: string; Status: string }[]).map(
        (h) => [h.HandshakeId, h.Status],
      ),
    );
    assert.deepEqual(statuses, { [toBob]: 'Accepted', [toCarol]: 'Declined', [toDave]: 'Cancelled' });

    assertClean(seen);
    // Not managers: the directory page's GetResourceDirectory, and the list of sent invitations before
    // and after the answer, are refused.
    assertClean(bobSeen, 3);
    assertClean(carolSeen, 3);
    await managerContext.close();
    await bobContext.close();
  });
});
