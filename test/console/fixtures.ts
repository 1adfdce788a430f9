import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiClient, startServer, type Harness, type TestAccount } from '../helpers/harness.js';
import { launchBrowser, newPage } from './browser.js';

/** One server (emulator mode, memory store) and one browser for a describe block, ready once its `before` has run. */
export function serverAndBrowser(): { harness: Harness; browser: Browser } {
  const suite = {} as { harness: Harness; browser: Browser };
  before(async () => {
    suite.harness = await startServer();
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.harness?.close();
  });
  return suite;
}

/** An account that manages a fresh directory (through the RPC API, as a client would), and its RPC client. */
export async function managedDirectory(harness: Harness, displayName = 'Manager') {
  const account = await harness.createAccount({ displayName });
  const api = apiClient(harness, account, '2020-03-31');
  await api.request('SendVerificationCodeForEnableRD', { SecureMobilePhone: '1-2025550123' });
  const code = await harness.latestCode('1-2025550123', account.accountId);
  const rd = (await api.request('EnableResourceDirectory', { EnableMode: 'CurrentAccount', VerificationCode: code }))['ResourceDirectory'];
  return { account, api, rootFolderId: rd.RootFolderId as string };
}

/** Signs the page in as `account` from the sign-in page's list (emulator mode). */
export async function signInAs(page: Page, url: string, account: TestAccount): Promise<void> {
  await page.goto(`${url}/console#/sign-in`);
  await page.locator(`button[data-account="${account.accountId}"]`).click();
  await page.getByRole('heading', { name: 'Directory' }).waitFor();
}

/** A new browser context signed in as `account`, with the member `accountId` chosen in the directory tree. */
export async function openMember(suite: { harness: Harness; browser: Browser }, account: TestAccount, accountId: string) {
  const context = await suite.browser.newContext();
  const { page, seen } = await newPage(context, suite.harness.url);
  await signInAs(page, suite.harness.url, account);
  await page.locator(`.node[data-member="${accountId}"]`).click();
  return { context, page, seen };
}
