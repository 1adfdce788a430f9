import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertClean, chromiumSkip, newPage, screenshots } from './browser.js';
import { managedDirectory, signInAs, serverAndBrowser } from './fixtures.js';

/** The focused element's tree node (`folder:<id>`, `member:<id>`), and how many tree items are Tab stops. */
const focused = (page: Page) =>
  page.evaluate(() => ({
    node: document.activeElement?.getAttribute('data-node') ?? `${document.activeElement?.tagName}`,
    role: document.activeElement?.getAttribute('role'),
    tabStops: document.querySelectorAll('[role=tree] [role=treeitem][tabindex="0"]').length,
  }));

describe('console: the directory tree from the keyboard', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  test('an ARIA tree: one Tab stop, arrows, Home and End, folders closed and opened, Enter selects', async () => {
    const { harness, browser } = suite;
    await harness.reset();
    const { account, api, rootFolderId } = await managedDirectory(harness);
    const alpha = (await api.request('CreateFolder', { FolderName: 'Alpha', ParentFolderId: rootFolderId }))['Folder'].FolderId as string;
    const beta = (await api.request('CreateFolder', { FolderName: 'Beta', ParentFolderId: rootFolderId }))['Folder'].FolderId as string;
    const inAlpha = (
      await api.request('CreateResourceAccount', { DisplayName: 'Alpha box', AccountNamePrefix: 'alpha-box', ParentFolderId: alpha })
    )['Account'].AccountId as string;
    const inRoot = (await api.request('CreateResourceAccount', { DisplayName: 'Root box', AccountNamePrefix: 'root-box' }))['Account']
      .AccountId as string;
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await signInAs(page, harness.url, account);
    const tree = page.getByRole('tree', { name: 'Directory tree' });
    await tree.locator(`[data-node="member:${inRoot}"]`).waitFor();
    const item = (key: string) => tree.locator(`[role=treeitem][data-node="${key}"]`);
    const expectFocus = async (key: string) => {
      assert.deepEqual(await focused(page), { node: key, role: 'treeitem', tabStops: 1 });
      assert.equal(await item(key).getAttribute('tabindex'), '0');
    };

    // Tab from the top of the page reaches the tree once, on the selected node (Root).
    await page.locator('body').focus();
    for (let tabs = 0; tabs < 30 && (await focused(page)).role !== 'treeitem'; tabs++) await page.keyboard.press('Tab');
    await expectFocus(`folder:${rootFolderId}`);
    assert.equal(await item(`folder:${rootFolderId}`).getAttribute('aria-selected'), 'true');
    assert.equal(await item(`folder:${rootFolderId}`).getAttribute('aria-expanded'), 'true');

    // Visible order: Root, Alpha, Alpha box, Beta, the management account, Root box.
    await page.keyboard.press('ArrowDown');
    await expectFocus(`folder:${alpha}`);
    await page.keyboard.press('ArrowRight'); // open already: into its first child
    await expectFocus(`member:${inAlpha}`);
    await page.keyboard.press('ArrowLeft'); // a member: to its folder
    await expectFocus(`folder:${alpha}`);
    await page.keyboard.press('ArrowLeft'); // an open folder: closes
    assert.equal(await item(`folder:${alpha}`).getAttribute('aria-expanded'), 'false');
    assert.equal(await item(`member:${inAlpha}`).isVisible(), false);
    await page.keyboard.press('ArrowDown'); // past the closed folder's member
    await expectFocus(`folder:${beta}`);
    assert.equal(await item(`folder:${beta}`).getAttribute('aria-expanded'), null, 'an empty folder is not expandable');
    await page.keyboard.press('ArrowDown');
    await expectFocus(`member:${account.accountId}`);
    await page.keyboard.press('End');
    await expectFocus(`member:${inRoot}`);
    await page.keyboard.press('Home');
    await expectFocus(`folder:${rootFolderId}`);
    await page.keyboard.press('ArrowUp'); // nothing above Root
    await expectFocus(`folder:${rootFolderId}`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight'); // a closed folder: opens, the focus stays
    await expectFocus(`folder:${alpha}`);
    assert.equal(await item(`folder:${alpha}`).getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowLeft'); // closed again, and kept closed across the redraw below
    await screenshots(page, 'tree-keyboard');

    // Enter selects: the member's details, as the RPC API has them.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const shown = (await api.request('GetAccount', { AccountId: inRoot }))['Account'];
    await page.getByRole('heading', { name: `Member ${inRoot}` }).waitFor();
    await page.locator('#panel dd', { hasText: shown.AccountName }).waitFor();
    assert.equal(await item(`member:${inRoot}`).getAttribute('aria-selected'), 'true');
    assert.equal(await item(`folder:${rootFolderId}`).getAttribute('aria-selected'), 'false');
    assert.equal(await item(`folder:${alpha}`).getAttribute('aria-expanded'), 'false');
    // The focus went to the details; Shift+Tab goes back to the tree, on the selected member.
    for (let tabs = 0; tabs < 10 && (await focused(page)).role !== 'treeitem'; tabs++) await page.keyboard.press('Shift+Tab');
    await expectFocus(`member:${inRoot}`);

    // A folder selected with Space, and a folder created in it from the keyboard alone: the RPC API has it.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expectFocus(`folder:${beta}`);
    await page.keyboard.press(' ');
    await page.getByRole('heading', { name: 'Folder Beta' }).waitFor();
    for (let tabs = 0; tabs < 20 && (await page.evaluate(() => document.activeElement?.id)) !== 'new-folder-name'; tabs++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('Gamma');
    await page.keyboard.press('Enter');
    await page.getByText(/Created folder Gamma/).waitFor();
    const inBeta = (await api.request('ListFoldersForParent', { ParentFolderId: beta }))['Folders'].Folder as { FolderName: string }[];
    assert.deepEqual(
      inBeta.map((f) => f.FolderName),
      ['Gamma'],
    );
    assertClean(seen);
    await context.close();
  });
});
