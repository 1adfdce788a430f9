import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Harness, type Manager, models, newManager, startServer } from '../helpers/harness.js';

const SETTLE_SECONDS = 3600;
const denyDocument = (action: string) => ({ Version: '1', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });

interface Setup {
  m: Manager;
  folderId: string;
  memberId: string;
}

async function setup(harness: Harness, enable = true): Promise<Setup> {
  const m = await newManager(harness);
  const folderId = (await m.client.createFolder(new models.CreateFolderRequest({ folderName: 'Prod' }))).body!.folder!.folderId!;
  const memberId = (
    await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'prod-app', parentFolderId: folderId }))
  ).body!.account!.accountId!;
  if (enable) {
    await m.client.enableControlPolicy();
    await harness.advanceClock(SETTLE_SECONDS);
  }
  return { m, folderId, memberId };
}

async function attachDeny(s: Setup, policyName: string, action: string, targetId: string): Promise<string> {
  const policyDocument = JSON.stringify(denyDocument(action));
  const created = await s.m.client.createControlPolicy(
    new models.CreateControlPolicyRequest({ policyName, effectScope: 'RAM', policyDocument }),
  );
  const policyId = created.body!.controlPolicy!.policyId!;
  await s.m.client.attachControlPolicy(new models.AttachControlPolicyRequest({ policyId, targetId }));
  return policyId;
}

describe('POST /_canopy/control-policies/simulate', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  const simulate = (body: unknown) => harness.admin('POST', '/_canopy/control-policies/simulate', body);

  test('one action: the decision, the deciding statement, and the path with what is attached where', async () => {
    const s = await setup(harness);
    const policyId = await attachDeny(s, 'NoLogDeletion', 'log:DeleteLogstore', s.folderId);
    const denied = await simulate({
      accountId: s.memberId,
      action: 'log:DeleteLogstore',
      resource: 'acs:log:cn-hangzhou:1:project/p/logstore/l',
    });
    assert.equal(denied.status, 200);
    const folder = { id: s.folderId, type: 'Folder', name: 'Prod' };
    assert.deepEqual(denied.body, {
      action: 'log:DeleteLogstore',
      decision: 'ExplicitDeny',
      decidedBy: [{ policyId, policyName: 'NoLogDeletion', target: folder, statementIndex: 0 }],
      controlPolicyStatus: 'Enabled',
      enforced: true,
      path: [
        {
          target: { id: s.m.rootId, type: 'Root', name: 'Root' },
          policies: [{ policyId: 'cp-FullAliyunAccess', policyName: 'FullAliyunAccess' }],
        },
        {
          target: folder,
          policies: [
            { policyId: 'cp-FullAliyunAccess', policyName: 'FullAliyunAccess' },
            { policyId, policyName: 'NoLogDeletion' },
          ],
        },
        {
          target: { id: s.memberId, type: 'Account', name: 'prod-app' },
          policies: [{ policyId: 'cp-FullAliyunAccess', policyName: 'FullAliyunAccess' }],
        },
      ],
    });
    const allowed = await simulate({ accountId: s.memberId, action: 'ecs:DescribeInstances' });
    assert.equal(allowed.body.decision, 'Allow');
    assert.equal(allowed.body.decidedBy.length, 3, 'one FullAliyunAccess statement per level');
  });

  test('a list of actions answers one result each, in order', async () => {
    const s = await setup(harness);
    await attachDeny(s, 'NoDomains', 'domain:*', s.m.rootId);
    const answer = await simulate({
      accountId: s.memberId,
      actions: ['domain:SaveRegistrantProfile', 'oss:GetObject', 'Domain:QueryDomainList'],
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.body.results.map((r: { action: string; decision: string }) => [r.action, r.decision]),
      [
        ['domain:SaveRegistrantProfile', 'ExplicitDeny'],
        ['oss:GetObject', 'Allow'],
        ['Domain:QueryDomainList', 'ExplicitDeny'],
      ],
    );
  });

  test('"with": a document not yet attached is evaluated as if it were, and nothing is attached', async () => {
    const s = await setup(harness);
    const answer = await simulate({
      accountId: s.memberId,
      action: 'ram:CreateUser',
      with: { target: s.folderId, document: denyDocument('ram:*') },
    });
    assert.equal(answer.body.decision, 'ExplicitDeny');
    assert.deepEqual(answer.body.decidedBy, [
      { policyId: 'cp-simulated', policyName: '(simulated)', target: { id: s.folderId, type: 'Folder', name: 'Prod' }, statementIndex: 0 },
    ]);
    const attached = await s.m.client.listControlPolicyAttachmentsForTarget(
      new models.ListControlPolicyAttachmentsForTargetRequest({ targetId: s.folderId }),
    );
    assert.deepEqual(
      attached.body!.controlPolicyAttachments!.controlPolicyAttachment!.map((a) => a.policyId),
      ['cp-FullAliyunAccess'],
    );
  });

  test('before the feature is enabled it simulates what enabling gives (FullAliyunAccess everywhere) and says it is not enforced', async () => {
    const s = await setup(harness, false);
    const answer = await simulate({
      accountId: s.memberId,
      action: 'ecs:RunInstances',
      with: { target: s.memberId, document: JSON.stringify(denyDocument('ecs:Run*')) },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.decision, 'ExplicitDeny');
    assert.equal(answer.body.controlPolicyStatus, 'Disabled');
    assert.equal(answer.body.enforced, false);
  });

  test('refusals: bad bodies, a document the API would refuse, a target off the path, the management account, an outsider', async () => {
    const s = await setup(harness);
    const outsider = await harness.createAccount();
    const cases: [unknown, number, string][] = [
      [{ accountId: s.memberId }, 400, 'InvalidRequest'],
      [{ accountId: s.memberId, action: 'ecs:RunInstances', actions: ['ecs:RunInstances'] }, 400, 'InvalidRequest'],
      [{ accountId: 'x', action: 'ecs:RunInstances' }, 400, 'InvalidRequest'],
      [{ accountId: s.memberId, action: 'not an action' }, 400, 'InvalidRequest'],
      [{ accountId: s.memberId, action: 'ecs:RunInstances', unknown: 1 }, 400, 'InvalidRequest'],
      [
        { accountId: s.memberId, action: 'ecs:RunInstances', with: { target: s.folderId, document: '{"Version":"1"' } },
        400,
        'MalformedPolicyDocument',
      ],
      [
        { accountId: s.memberId, action: 'ecs:RunInstances', with: { target: 'fd-elsewhere0000', document: denyDocument('ecs:*') } },
        400,
        'UnknownTarget',
      ],
      [{ accountId: s.m.account.accountId, action: 'ecs:RunInstances' }, 409, 'ManagementAccount'],
      [{ accountId: outsider.accountId, action: 'ecs:RunInstances' }, 404, 'NotAMember'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await simulate(body);
      assert.equal(answer.status, status, JSON.stringify(body));
      assert.equal(answer.body.code, code, JSON.stringify(answer.body));
      assert.equal(typeof answer.body.message, 'string');
    }
  });
});

test('production mode: the simulator is behind the admin token', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-simulator-'));
  const harness = await startServer({
    CANOPY_MODE: 'production',
    CANOPY_ADMIN_TOKEN: 't'.repeat(32),
    CANOPY_SECRET: 's'.repeat(40),
    CANOPY_STORE: 'sqlite',
    CANOPY_DATA_DIR: dir,
  });
  try {
    const refused = await fetch(`${harness.url}/_canopy/control-policies/simulate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: '1234567890123456', action: 'ecs:RunInstances' }),
    });
    assert.equal(refused.status, 401);
    const withToken = await harness.admin('POST', '/_canopy/control-policies/simulate', {
      accountId: '1234567890123456',
      action: 'ecs:RunInstances',
    });
    assert.equal(withToken.status, 404);
    assert.equal(withToken.body.code, 'NotAMember');
  } finally {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
