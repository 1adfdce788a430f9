import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectApiError } from '../helpers/harness.js';
import { assertClean, chromiumSkip, newPage, screenshots } from './browser.js';
import { managedDirectory, signInAs, serverAndBrowser } from './fixtures.js';

const DENY_LOG = { Version: '1', Statement: [{ Effect: 'Deny', Action: 'log:Delete*', Resource: '*' }] };

describe('console: control policies', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  test('the feature switch, every page of the list, a custom policy created, refused, updated, attached, detached and deleted', async () => {
    const { harness, browser } = suite;
    const { account, api, rootFolderId } = await managedDirectory(harness, 'Governor');
    const folderId = (await api.request('CreateFolder', { FolderName: 'Prod', ParentFolderId: rootFolderId }))['Folder'].FolderId as string;
    const member = (await api.request('CreateResourceAccount', { DisplayName: 'Prod box', ParentFolderId: folderId }))['Account'];
    // More than one page of 100: the list must read them all.
    for (let i = 1; i <= 100; i++) {
      await api.request('CreateControlPolicy', {
        PolicyName: `bulk-${String(i).padStart(3, '0')}`,
        EffectScope: 'RAM',
        PolicyDocument: JSON.stringify(DENY_LOG),
      });
    }
    const status = async () => (await api.request('GetControlPolicyEnablementStatus'))['EnablementStatus'];
    const attachedTo = async (targetId: string) =>
      (
        (await api.request('ListControlPolicyAttachmentsForTarget', { TargetId: targetId }))['ControlPolicyAttachments']
          .ControlPolicyAttachment as { PolicyName: string }[]
      ).map((p) => p.PolicyName);

    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await signInAs(page, harness.url, account);
    await page.getByRole('link', { name: 'Control policies' }).click();
    await page.locator('#policy-enablement', { hasText: 'Disabled' }).waitFor();
    await page.locator('#policy-list tr[data-policy="cp-FullAliyunAccess"]').waitFor();
    await page.locator('#policy-list tr[data-policy]', { hasText: 'bulk-100' }).waitFor();
    assert.equal(await page.locator('#policy-list tr[data-policy]').count(), 101);

    // Enable: pending for 10 seconds of the emulator clock, then Enabled.
    await page.getByRole('button', { name: 'Enable control policies' }).click();
    await page.getByText('The feature is now PendingEnable.').waitFor();
    assert.equal(await status(), 'PendingEnable');
    await harness.advanceClock(10);
    await page.getByRole('button', { name: 'Refresh status' }).click();
    await page.locator('#policy-enablement', { hasText: /^Enabled$/ }).waitFor();
    assert.equal(await status(), 'Enabled');

    // Create: the server checks the document and says where it is wrong.
    await page.locator('#new-policy-name').fill('deny-log-deletion');
    await page.locator('#new-policy-description').fill('No-log-deletion');
    await page.locator('#new-policy-document').fill('{"Version": "1", "Statement": {"Effect": "Deny"}}');
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.locator('.failure .code', { hasText: 'MalformedPolicyDocument' }).waitFor();
    await page.getByText(/the message gives the place/).waitFor();
    await page.locator('#new-policy-document').fill(JSON.stringify(DENY_LOG));
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.getByText(/^Created policy deny-log-deletion \(cp-/).waitFor();
    const custom = (
      (await api.request('ListControlPolicies', { PolicyType: 'Custom', PageNumber: 2, PageSize: 100 }))['ControlPolicies']
        .ControlPolicy as { PolicyId: string; PolicyName: string }[]
    ).find((p) => p.PolicyName === 'deny-log-deletion')!;
    assert.ok(custom);
    await page.locator(`section[data-selected-policy="${custom.PolicyId}"]`).waitFor();
    assert.equal(await page.locator('#policy-list tr[data-policy]').count(), 102);

    // Attach to the folder and to the member.
    await page.locator('#attach-target').selectOption(folderId);
    await page.getByRole('button', { name: 'Attach', exact: true }).click();
    await page.getByText('Attached deny-log-deletion to Folder Root / Prod.').waitFor();
    await page.locator(`#policy-targets tr[data-target="${folderId}"]`).waitFor();
    await page.locator('#attach-target').selectOption(member.AccountId);
    await page.getByRole('button', { name: 'Attach', exact: true }).click();
    await page.locator(`#policy-targets tr[data-target="${member.AccountId}"]`).waitFor();
    assert.deepEqual(await attachedTo(folderId), ['FullAliyunAccess', 'deny-log-deletion']);
    assert.deepEqual(await attachedTo(member.AccountId), ['FullAliyunAccess', 'deny-log-deletion']);
    const targets = (await api.request('ListTargetAttachmentsForControlPolicy', { PolicyId: custom.PolicyId }))['TargetAttachments']
      .TargetAttachment as { TargetId: string }[];
    assert.deepEqual(
      targets.map((t) => t.TargetId),
      [folderId, member.AccountId],
    );
    await screenshots(page, 'policies');

    // Update: a malformed document is refused, a good one saved.
    const edited = { Version: '1', Statement: [{ Effect: 'Deny', Action: ['log:Delete*', 'oss:DeleteBucket'], Resource: '*' }] };
    await page.locator('#edit-policy-document').fill('{"Version": "2", "Statement": []}');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.locator('.failure .code', { hasText: 'MalformedPolicyDocument' }).waitFor();
    await page.locator('#edit-policy-document').fill(JSON.stringify(edited));
    await page.locator('#edit-policy-description').fill('No-deletions');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Saved policy deny-log-deletion.').waitFor();
    const saved = (await api.request('GetControlPolicy', { PolicyId: custom.PolicyId }))['ControlPolicy'];
    assert.deepEqual(JSON.parse(saved.PolicyDocument), edited);
    assert.equal(saved.Description, 'No-deletions');

    // The directory shows what is attached to the folder and the member.
    await page.getByRole('link', { name: 'Directory' }).click();
    await page.locator(`.node[data-folder="${folderId}"]`).click();
    await page.locator('#panel .attached-policies li', { hasText: 'deny-log-deletion' }).waitFor();
    await page.locator(`.node[data-member="${member.AccountId}"]`).click();
    await page.locator('#panel .attached-policies li', { hasText: 'deny-log-deletion' }).waitFor();
    await page.locator('#panel .attached-policies li', { hasText: 'FullAliyunAccess' }).waitFor();
    await screenshots(page, 'directory-attached-policies');
    await page.locator('#panel .attached-policies a', { hasText: 'deny-log-deletion' }).click();
    await page.locator(`section[data-selected-policy="${custom.PolicyId}"]`).waitFor();

    // Deletion needs it detached everywhere first.
    await page.getByRole('button', { name: 'Delete policy' }).click();
    await page.locator('.failure .code', { hasText: 'DeleteConflict.ControlPolicy.Attachment' }).waitFor();
    await page.locator(`#policy-targets tr[data-target="${folderId}"]`).getByRole('button', { name: 'Detach' }).click();
    await page.getByText('Detached deny-log-deletion from Prod.').waitFor();
    await page.locator(`#policy-targets tr[data-target="${member.AccountId}"]`).getByRole('button', { name: 'Detach' }).click();
    await page.getByText('Detached deny-log-deletion from Prod box.').waitFor();
    assert.deepEqual(await attachedTo(folderId), ['FullAliyunAccess']);
    assert.deepEqual(await attachedTo(member.AccountId), ['FullAliyunAccess']);
    await page.getByRole('button', { name: 'Delete policy' }).click();
    await page.getByText('Deleted policy deny-log-deletion.').waitFor();
    await expectApiError(() => api.request('GetControlPolicy', { PolicyId: custom.PolicyId }), 404, 'EntityNotExists.ControlPolicy');

    await page.getByRole('button', { name: 'Disable control policies' }).click();
    await page.getByText('The feature is now PendingDisable.').waitFor();
    assert.equal(await status(), 'PendingDisable');
    // Refused on purpose: two malformed documents and the deletion of an attached policy.
    assertClean(seen, 3);
    await context.close();
  });
});
