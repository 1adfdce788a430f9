import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClean, chromiumSkip, newPage, screenshots } from './browser.js';
import { managedDirectory, signInAs, serverAndBrowser } from './fixtures.js';

describe('console: the directory tree', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  test('folder create, rename, member create and move (dialog and drag), delete: each reflected by the RPC API', async () => {
    const { harness, browser } = suite;
    const { account, api, rootFolderId } = await managedDirectory(harness);
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await signInAs(page, harness.url, account);
    const folders = async () =>
      (
        (await api.request('ListFoldersForParent', { ParentFolderId: rootFolderId }))['Folders'].Folder as {
          FolderId: string;
          FolderName: string;
        }[]
      ).map((f) => [f.FolderName, f.FolderId]);

    // Create: Root is selected first.
    await page.locator(`[role=treeitem][aria-selected="true"] > .node[data-folder="${rootFolderId}"]`).waitFor();
    await page.locator('#new-folder-name').fill('Engineering');
    await page.getByRole('button', { name: 'Create folder' }).click();
    await page.getByText(/Created folder Engineering/).waitFor();
    const [[name, folderId]] = (await folders()) as [[string, string]];
    assert.equal(name, 'Engineering');
    await page.locator(`.node[data-folder="${folderId}"]`).waitFor();

    // Rename (the new folder is selected).
    await page.locator('#rename-folder').fill('Platform');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.locator(`.node[data-folder="${folderId}"]`, { hasText: 'Platform' }).waitFor();
    assert.deepEqual(await folders(), [['Platform', folderId]]);

    // A resource account in Root, then moved into the folder with the Move form.
    await page.locator(`.node[data-folder="${rootFolderId}"]`).click();
    await page.locator('#ra-display-name').fill('Build bot');
    await page.locator('#ra-prefix').fill('build-bot');
    await page.getByRole('button', { name: 'Create resource account' }).click();
    await page.getByText(/Created resource account Build bot/).waitFor();
    const members = (await api.request('ListAccountsForParent', { ParentFolderId: rootFolderId }))['Accounts'].Account as {
      AccountId: string;
      DisplayName: string;
    }[];
    const bot = members.find((m) => m.DisplayName === 'Build bot')!;
    assert.ok(bot);
    await page.getByText('ResourceAccount').waitFor();
    await screenshots(page, 'directory-member');
    await page.locator('#move-to').selectOption(folderId);
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByText(`Moved ${bot.AccountId}.`).waitFor();
    assert.equal((await api.request('GetAccount', { AccountId: bot.AccountId }))['Account'].FolderId, folderId);

    // A folder with a member cannot be deleted: the refusal is shown with its Code and a hint.
    await page.locator(`.node[data-folder="${folderId}"]`).click();
    await page.getByRole('button', { name: 'Delete folder' }).click();
    await page.locator('.failure .code', { hasText: 'DeleteConflict.Folder.Account' }).waitFor();
    await page.getByText('Only an empty folder can be deleted: move its members elsewhere first.').waitFor();
    await screenshots(page, 'directory-refusal');

    // Drag the member back to Root, then delete the empty folder.
    await page.locator(`.node[data-member="${bot.AccountId}"]`).dragTo(page.locator(`.node[data-folder="${rootFolderId}"]`));
    await page.getByText(`Moved ${bot.AccountId}.`).waitFor();
    assert.equal((await api.request('GetAccount', { AccountId: bot.AccountId }))['Account'].FolderId, rootFolderId);
    await page.locator(`.node[data-folder="${folderId}"]`).click();
    await page.getByRole('button', { name: 'Delete folder' }).click();
    await page.getByText('Deleted folder Platform.').waitFor();
    assert.deepEqual(await folders(), []);
    await screenshots(page, 'directory');

    // One refused load: the DeleteFolder the test provoked.
    assertClean(seen, 1);
    await context.close();
  });

  test('a resource account: details, the deletion check on the emulator clock, deletion and its status', async () => {
    const { harness, browser } = suite;
    const { account, api } = await managedDirectory(harness, 'Deleter');
    const created = (await api.request('CreateResourceAccount', { DisplayName: 'Temp box', AccountNamePrefix: 'temp-box' }))['Account'];
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await signInAs(page, harness.url, account);
    // Keyboard: the member's tree item takes the focus, Enter selects it.
    await page.locator(`[role=treeitem][data-node="member:${created.AccountId}"]`).focus();
    await page.keyboard.press('Enter');
    await page.getByText('temp-box@').waitFor();
    // Off by default: the refusal says where to turn it on.
    await page.getByRole('button', { name: 'Start deletion check' }).click();
    await page.locator('.failure .code', { hasText: 'NoLicense.ResourceDirectory' }).waitFor();
    await page.getByRole('button', { name: 'Enable member deletion' }).click();
    await page.getByText('Member deletion enabled.').waitFor();
    await page.getByRole('button', { name: 'Start deletion check' }).click();
    await page.locator('#panel dd', { hasText: /^PreChecking$/ }).waitFor();
    await harness.advanceClock(5);
    await page.getByRole('button', { name: 'Check result' }).click();
    await page.locator('#panel dd', { hasText: /^PreCheckComplete$/ }).waitFor();
    await page.getByRole('button', { name: 'Delete account' }).click();
    await page.getByRole('heading', { name: /^Deletion / }).waitFor();
    const status = (await api.request('GetAccountDeletionStatus', { AccountId: created.AccountId }))['RdAccountDeletionStatus'];
    assert.equal(await page.locator('#panel dd', { hasText: new RegExp(`^${status.Status}$`) }).count(), 1);
    assertClean(seen, 1);
    await context.close();
  });
});
