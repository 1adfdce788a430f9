import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClean, chromiumSkip, newPage, screenshots } from './browser.js';
import { managedDirectory, signInAs, serverAndBrowser } from './fixtures.js';

describe('console: the policy simulator', { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  test('decisions and the deciding statement as the admin API answers them, a draft document, a malformed draft refused', async () => {
    const { harness, browser } = suite;
    const { account, api, rootFolderId } = await managedDirectory(harness, 'Simulator');
    const folderId = (await api.request('CreateFolder', { FolderName: 'Prod', ParentFolderId: rootFolderId }))['Folder'].FolderId as string;
    const member = (await api.request('CreateResourceAccount', { DisplayName: 'Sim box', ParentFolderId: folderId }))['Account'];
    await api.request('EnableControlPolicy');
    const policy = (
      await api.request('CreateControlPolicy', {
        PolicyName: 'deny-log-deletion',
        EffectScope: 'RAM',
        PolicyDocument: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'log:Delete*', Resource: '*' }] }),
      })
    )['ControlPolicy'];
    await api.request('AttachControlPolicy', { PolicyId: policy.PolicyId, TargetId: folderId });
    await harness.advanceClock(10);
    const simulate = async (body: Record<string, unknown>) => {
      const response = await harness.admin('POST', '/_canopy/control-policies/simulate', { accountId: member.AccountId, ...body });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.results as { action: string; decision: string; decidedBy: { policyId: string; statementIndex: number }[] }[];
    };

    const context = await browser.newContext();
    const { page, seen } = await newPage(context, harness.url);
    await signInAs(page, harness.url, account);
    await page.getByRole('link', { name: 'Simulator' }).click();
    await page.locator('#sim-member').selectOption(member.AccountId);
    await page.locator('#sim-actions').fill('log:DeleteLogstore\necs:DescribeInstances');
    await page.locator('#sim-context').fill('acs:SourceIp=10.0.0.7');
    await page.getByRole('button', { name: 'Simulate' }).click();
    const row = (action: string) => page.locator(`#simulation tr[data-action="${action}"]`);
    await row('log:DeleteLogstore').locator('.decision', { hasText: 'ExplicitDeny' }).waitFor();
    await row('log:DeleteLogstore')
      .getByText(`deny-log-deletion (${policy.PolicyId}), Statement[0], at Folder Prod (${folderId})`)
      .waitFor();
    await row('ecs:DescribeInstances').locator('.decision', { hasText: 'Allow' }).waitFor();
    await page.getByText('Canopy enforces these decisions now.').waitFor();
    await screenshots(page, 'simulator');
    const answered = await simulate({ actions: ['log:DeleteLogstore', 'ecs:DescribeInstances'], context: { 'acs:SourceIp': '10.0.0.7' } });
    assert.deepEqual(
      answered.map((r) => [r.action, r.decision]),
      [
        ['log:DeleteLogstore', 'ExplicitDeny'],
        ['ecs:DescribeInstances', 'Allow'],
      ],
    );
    assert.deepEqual(
      answered[0]!.decidedBy.map((d) => [d.policyId, d.statementIndex]),
      [[policy.PolicyId, 0]],
    );

    // A draft on the member itself: nothing is attached, the decision changes.
    const draft = { Version: '1', Statement: [{ Effect: 'Deny', Action: 'ecs:*', Resource: '*' }] };
    await page.getByText('Try a draft policy').click();
    await page.locator('#sim-target').selectOption(member.AccountId);
    await page.locator('#sim-document').fill(JSON.stringify(draft));
    await page.getByRole('button', { name: 'Simulate' }).click();
    await row('ecs:DescribeInstances').locator('.decision', { hasText: 'ExplicitDeny' }).waitFor();
    await row('ecs:DescribeInstances')
      .getByText(/^\(simulated\) \(cp-simulated\), Statement\[0\], at Account Sim box/)
      .waitFor();
    const withDraft = await simulate({ actions: ['ecs:DescribeInstances'], with: { target: member.AccountId, document: draft } });
    assert.equal(withDraft[0]!.decision, 'ExplicitDeny');
    const attached = (await api.request('ListControlPolicyAttachmentsForTarget', { TargetId: member.AccountId }))[
      'ControlPolicyAttachments'
    ].ControlPolicyAttachment as { PolicyId: string }[];
    assert.deepEqual(
      attached.map((p) => p.PolicyId),
      ['cp-FullAliyunAccess'],
    );

    // A draft the API would refuse: the same code, shown with its hint.
    await page.locator('#sim-document').fill('{"Version": "1", "Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.locator('#simulation .failure .code', { hasText: 'MalformedPolicyDocument' }).waitFor();
    await page.getByText(/Statement\[0\]\.Effect/).waitFor();
    // Refused on purpose: the malformed draft.
    assertClean(seen, 1);
    await context.close();
  });
});
