import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiClient, expectApiError } from '../helpers/harness.js';
import { assertClean, chromiumSkip, newPage } from './browser.js';
import { managedDirectory, openMember, serverAndBrowser } from './fixtures.js';

describe('console: empty the inbox, remove all faults, deletion status, remove a cloud account', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  test('Empty the inbox: the list empties and the admin API has no message left', async () => {
    const { harness, browser } = suite;
    const account = await harness.createAccount({ displayName: 'Ivy', securePhone: '1-2025550166' });
    await apiClient(harness, account, '2020-03-31').request('SendVerificationCodeForEnableRD', {});
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await page.goto(`${harness.url}/console#/inbox`);
    await page.locator('#inbox-list tr[data-message]', { hasText: '1-2025550166' }).waitFor();
    await page.getByRole('button', { name: 'Empty the inbox' }).click();
    await page.getByText('Inbox emptied.').waitFor();
    await page.locator('#inbox-list').getByText('No messages yet.').waitFor();
    assert.deepEqual((await harness.admin('GET', '/_canopy/messages')).body.messages, []);
    assertClean(seen);
    await context.close();
  });

  test('Remove all faults: the list empties and the Action runs again through the RPC API', async () => {
    const { harness, browser } = suite;
    const { api } = await managedDirectory(harness, 'Faulty');
    assert.equal(
      (await harness.admin('POST', '/_canopy/faults', { action: 'GetResourceDirectory', code: 'ServiceUnavailable', times: 5 })).status,
      201,
    );
    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await page.goto(`${harness.url}/console#/emulator`);
    await page.locator('#fault-list li', { hasText: 'GetResourceDirectory' }).waitFor();
    await page.getByRole('button', { name: 'Remove all faults' }).click();
    await page.getByText('Faults removed.').waitFor();
    await page.locator('#fault-list').getByText('No pending faults.').waitFor();
    assert.deepEqual((await harness.admin('GET', '/_canopy/faults')).body.faults, []);
    assert.ok((await api.request('GetResourceDirectory'))['ResourceDirectory'].ResourceDirectoryId);
    assertClean(seen);
    await context.close();
  });

  test('Deletion status: a deletion finished through the API, its status as GetAccountDeletionStatus answers it', async () => {
    const { harness, browser } = suite;
    const { account, api } = await managedDirectory(harness, 'Status');
    const created = (await api.request('CreateResourceAccount', { DisplayName: 'Doomed box', AccountNamePrefix: 'doomed-box' }))['Account'];
    await api.request('SetMemberDeletionPermission', { Status: 'Enabled' });
    await api.request('CheckAccountDelete', { AccountId: created.AccountId });
    await harness.advanceClock(5);
    assert.equal(
      (await api.request('GetAccountDeletionCheckResult', { AccountId: created.AccountId }))['AccountDeletionCheckResultInfo'].Status,
      'PreCheckComplete',
    );
    const { context, page, seen } = await openMember({ harness, browser }, account, created.AccountId);
    await page.getByRole('button', { name: 'Deletion status' }).waitFor();
    // Deleted through the API while the panel is open, then moved past its 10 s (CANOPY_DELETION_SECONDS), so the status holds still.
    await api.request('DeleteAccount', { AccountId: created.AccountId });
    await harness.advanceClock(10);
    await page.getByRole('button', { name: 'Deletion status' }).click();
    await page.getByRole('heading', { name: 'Deletion status' }).waitFor();
    const status = (await api.request('GetAccountDeletionStatus', { AccountId: created.AccountId }))['RdAccountDeletionStatus'];
    assert.equal(status.Status, 'Success');
    await page.locator('#panel .card dd', { hasText: new RegExp(`^${status.Status}$`) }).waitFor();
    await page.locator('#panel .card dd', { hasText: new RegExp(`^${status.AccountId}$`) }).waitFor();
    assertClean(seen);
    await context.close();
  });

  test('Remove cloud account: the invited member leaves, the RPC API no longer finds it', async () => {
    const { harness, browser } = suite;
    const { account, api } = await managedDirectory(harness, 'Remover');
    const guest = await harness.createAccount({ displayName: 'Guest' });
    const handshake = (await api.request('InviteAccountToResourceDirectory', { TargetEntity: guest.accountId, TargetType: 'Account' }))[
      'Handshake'
    ];
    await apiClient(harness, guest, '2020-03-31').request('AcceptHandshake', { HandshakeId: handshake.HandshakeId });
    assert.equal((await api.request('GetAccount', { AccountId: guest.accountId }))['Account'].Type, 'CloudAccount');
    const { context, page, seen } = await openMember({ harness, browser }, account, guest.accountId);
    await page.getByRole('button', { name: 'Remove cloud account' }).click();
    await page.getByText(`Removed ${guest.accountId} from the directory.`).waitFor();
    assert.equal(await page.locator(`.node[data-member="${guest.accountId}"]`).count(), 0);
    await expectApiError(() => api.request('GetAccount', { AccountId: guest.accountId }), 404, 'EntityNotExists.Account');
    assertClean(seen);
    await context.close();
  });
});
