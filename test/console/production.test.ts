import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type Harness } from '../helpers/harness.js';
import { assertClean, chromiumSkip, launchBrowser, newPage, screenshots } from './browser.js';

const TOKEN = 'console-admin-token-0123456789';

describe('console: production mode', { skip: chromiumSkip }, () => {
  let harness: Harness;
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'canopy-console-'));
  before(async () => {
    harness = await startServer({
      CANOPY_STORE: 'sqlite',
      CANOPY_DATA_DIR: dir,
      CANOPY_MODE: 'production',
      CANOPY_ADMIN_TOKEN: TOKEN,
      CANOPY_SECRET: 'console-test-server-secret-0123456789',
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('nothing without the admin token; then an AccessKey the operator types; secrets never in localStorage', async () => {
    const account = await harness.createAccount({ displayName: 'Operator pick' });
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);

    // Any page asked for shows the token form, and the admin API refuses the page's own calls.
    await page.goto(`${harness.url}/console#/inbox`);
    await page.getByRole('heading', { name: 'Admin token' }).waitFor();
    assert.equal(await page.locator('#inbox-list').count(), 0);
    assert.equal(await page.evaluate(() => fetch('/_canopy/accounts').then((r) => r.status)), 401);
    await screenshots(page, 'production-token');

    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.failure .code', { hasText: 'Unauthorized' }).waitFor();

    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator(`button[data-account="${account.accountId}"]`).click();
    await page.getByLabel('AccessKey ID').fill(account.accessKeyId);
    await page.getByLabel('AccessKey secret').fill('wrong-secret');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('.failure .code', { hasText: 'SignatureDoesNotMatch' }).waitFor();
    await page.getByLabel('AccessKey secret').fill(account.accessKeySecret);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Directory' }).waitFor();
    await page.getByText(`(${account.accountId})`).waitFor();

    // The inbox answers with the token, without codes (production never shows them).
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.locator('#inbox-updated', { hasText: 'Updated' }).waitFor();
    assert.equal(await page.getByRole('columnheader', { name: 'Code' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Emulator' }).count(), 0);

    const storage = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.getItem('canopy-console-session') ?? '',
    }));
    assert.equal(storage.local, 0);
    assert.ok(storage.session.includes(TOKEN));

    // 401s: the fetch above, the wrong token; then SignatureDoesNotMatch, and GetResourceDirectory
    // of an account outside a directory (the key check, then the directory page).
    assertClean(seen, 5);
    await context.close();

    // A new tab (new session) starts again from the token form.
    const fresh = await browser.newContext();
    const { page: again } = await newPage(fresh, harness.url);
    await again.goto(`${harness.url}/console#/directory`);
    await again.getByRole('heading', { name: 'Admin token' }).waitFor();
    await fresh.close();
  });
});
