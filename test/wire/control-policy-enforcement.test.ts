import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  expectApiError,
  type Harness,
  type Manager,
  models,
  newManager,
  popClient,
  REQUEST_ID,
  sdkClient,
  startServer,
  type TestAccount,
} from '../helpers/harness.js';
import { v1SignedQuery } from '../helpers/raw-http.js';

/** Long enough for any enablement to settle (Enabling → Enabled on the emulator clock). */
const SETTLE_SECONDS = 3600;

const deny = (...actions: string[]) =>
  JSON.stringify({
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: actions, Resource: '*' },
    ],
  });
const allowOnly = (...actions: string[]) =>
  JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

interface World {
  m: Manager;
  folderId: string;
  memberId: string;
  /** A RAM user of the member: subject to control policies. */
  ramUser: TestAccount;
  /** The member's own (root) key: not subject. */
  memberRoot: TestAccount;
}

async function world(harness: Harness): Promise<World> {
  const m = await newManager(harness);
  const folderId = (await m.client.createFolder(new models.CreateFolderRequest({ folderName: 'Dev' }))).body!.folder!.folderId!;
  const memberId = (
    await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'dev-member', parentFolderId: folderId }))
  ).body!.account!.accountId!;
  const key = async (body: object) => {
    const answer = await harness.admin('POST', `/_canopy/accounts/${memberId}/access-keys`, body);
    assert.equal(answer.status, 201);
    return { accountId: memberId, accountName: '', accessKeyId: answer.body.accessKeyId, accessKeySecret: answer.body.accessKeySecret };
  };
  return { m, folderId, memberId, ramUser: await key({ ramUser: 'deployer' }), memberRoot: await key({}) };
}

async function enable(harness: Harness, m: Manager) {
  await m.client.enableControlPolicy();
  await harness.advanceClock(SETTLE_SECONDS);
  assert.equal((await m.client.getControlPolicyEnablementStatus()).body!.enablementStatus, 'Enabled');
}

async function policy(m: Manager, policyName: string, policyDocument: string) {
  const request = new models.CreateControlPolicyRequest({ policyName, effectScope: 'RAM', policyDocument });
  return (await m.client.createControlPolicy(request)).body!.controlPolicy!.policyId!;
}

const attach = (m: Manager, policyId: string, targetId: string) =>
  m.client.attachControlPolicy(new models.AttachControlPolicyRequest({ policyId, targetId }));
const detach = (m: Manager, policyId: string, targetId: string) =>
  m.client.detachControlPolicy(new models.DetachControlPolicyRequest({ policyId, targetId }));

/** The diagnostic message Canopy encodes (base64 JSON) in AccessDeniedDetail. */
const diagnostic = (detail: { EncodedDiagnosticMessage?: string }) =>
  JSON.parse(Buffer.from(detail.EncodedDiagnosticMessage!, 'base64').toString('utf8'));

describe('control policies enforced on RAM users of members', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('a Deny on its folder refuses the RAM user (403 NoPermission, ExplicitDeny naming the policy); detached, the call works', async () => {
    const w = await world(harness);
    await enable(harness, w.m);
    const policyId = await policy(w.m, 'NoDirectoryReads', deny('resourcemanager:GetResourceDirectory'));
    await attach(w.m, policyId, w.folderId);
    const asRamUser = sdkClient(harness, w.ramUser);

    await assert.rejects(
      () => asRamUser.getResourceDirectory(),
      (error: any) => {
        assert.equal(error.code, 'NoPermission');
        assert.equal(error.statusCode, 403);
        assert.match(error.data.RequestId, REQUEST_ID);
        assert.equal(error.data.Message, 'You are not authorized to do this action. You should be authorized by RAM.');
        const detail = error.accessDeniedDetail;
        assert.deepEqual(
          { ...detail, EncodedDiagnosticMessage: undefined },
          {
            PolicyType: 'ControlPolicy',
            AuthPrincipalOwnerId: w.memberId,
            AuthPrincipalType: 'SubUser',
            AuthPrincipalDisplayName: 'deployer',
            NoPermissionType: 'ExplicitDeny',
            AuthAction: 'resourcemanager:GetResourceDirectory',
            EncodedDiagnosticMessage: undefined,
          },
        );
        const decoded = diagnostic(detail);
        assert.equal(decoded.ExplicitDeny, true);
        assert.deepEqual(decoded.MatchedPolicies, [
          { PolicyId: policyId, PolicyName: 'NoDirectoryReads', TargetId: w.folderId, TargetType: 'Folder', StatementIndex: 1 },
        ]);
        return true;
      },
    );
    // Other actions stay allowed: the Deny names one.
    await asRamUser.listHandshakesForAccount(new models.ListHandshakesForAccountRequest({}));

    await detach(w.m, policyId, w.folderId);
    assert.equal((await asRamUser.getResourceDirectory()).body!.resourceDirectory!.resourceDirectoryId, w.m.rdId);
  });

  test('the management account and the member root identity are never refused, even by a Deny on Root', async () => {
    const w = await world(harness);
    await enable(harness, w.m);
    const policyId = await policy(w.m, 'DenyEverythingHere', deny('resourcemanager:*'));
    await attach(w.m, policyId, w.m.rootId);
    await expectApiError(() => sdkClient(harness, w.ramUser).getResourceDirectory(), 403, 'NoPermission');
    assert.equal((await sdkClient(harness, w.memberRoot).getResourceDirectory()).body!.resourceDirectory!.resourceDirectoryId, w.m.rdId);
    assert.equal((await w.m.client.getResourceDirectory()).body!.resourceDirectory!.resourceDirectoryId, w.m.rdId);
    // A RAM user of the management account is not subject either.
    const managerRam = await harness.admin('POST', `/_canopy/accounts/${w.m.account.accountId}/access-keys`, { ramUser: 'admin' });
    const asManagerRam = sdkClient(harness, {
      ...w.m.account,
      accessKeyId: managerRam.body.accessKeyId,
      accessKeySecret: managerRam.body.accessKeySecret,
    });
    await asManagerRam.getResourceDirectory();
  });

  test('without an Allow at one level (FullAliyunAccess detached from the account) the call is implicitly denied at that level', async () => {
    const w = await world(harness);
    await enable(harness, w.m);
    const listsOnly = await policy(w.m, 'ListsOnly', allowOnly('resourcemanager:List*'));
    await attach(w.m, listsOnly, w.memberId);
    await detach(w.m, 'cp-FullAliyunAccess', w.memberId);
    const asRamUser = sdkClient(harness, w.ramUser);
    await asRamUser.listHandshakesForAccount(new models.ListHandshakesForAccountRequest({}));
    await assert.rejects(
      () => asRamUser.getResourceDirectory(),
      (error: any) => {
        assert.equal(error.code, 'NoPermission');
        assert.equal(error.accessDeniedDetail.NoPermissionType, 'ImplicitDeny');
        assert.deepEqual(diagnostic(error.accessDeniedDetail).DeniedAt, { TargetId: w.memberId, TargetType: 'Account' });
        return true;
      },
    );
  });

  test('nothing is enforced while the feature is PendingEnable; disabling lifts every boundary at once', async () => {
    const w = await world(harness);
    await w.m.client.enableControlPolicy();
    assert.equal((await w.m.client.getControlPolicyEnablementStatus()).body!.enablementStatus, 'PendingEnable');
    const policyId = await policy(w.m, 'NoReads', deny('resourcemanager:GetResourceDirectory'));
    await attach(w.m, policyId, w.memberId);
    const asRamUser = sdkClient(harness, w.ramUser);
    await asRamUser.getResourceDirectory();
    await harness.advanceClock(SETTLE_SECONDS);
    await expectApiError(() => asRamUser.getResourceDirectory(), 403, 'NoPermission');

    await w.m.client.disableControlPolicy();
    assert.equal((await w.m.client.getControlPolicyEnablementStatus()).body!.enablementStatus, 'PendingDisable');
    await asRamUser.getResourceDirectory();
    await harness.advanceClock(SETTLE_SECONDS);
    await asRamUser.getResourceDirectory();
    // Enabled again: only FullAliyunAccess comes back (the Deny must be attached anew).
    await enable(harness, w.m);
    await asRamUser.getResourceDirectory();
  });

  test("a delegated administrator's RAM user: a Deny on one folder's resource path (Root's too) refuses reads of that folder only", async () => {
    const w = await world(harness);
    const secret = (await w.m.client.createFolder(new models.CreateFolderRequest({ folderName: 'Secret' }))).body!.folder!.folderId!;
    const servicePrincipal = 'cloudfw.aliyuncs.com';
    await w.m.client.registerDelegatedAdministrator(
      new models.RegisterDelegatedAdministratorRequest({ accountId: w.memberId, servicePrincipal }),
    );
    await enable(harness, w.m);
    const document = JSON.stringify({
      Version: '1',
      Statement: [
        {
          Effect: 'Deny',
          Action: 'resourcemanager:GetFolder',
          Resource: `acs:resourcemanager:*:*:folder/${w.m.rdId}/${w.m.rootId}/${secret}`,
        },
        // Root's path is the directory and Root alone.
        { Effect: 'Deny', Action: 'resourcemanager:GetFolder', Resource: `acs:resourcemanager:*:*:folder/${w.m.rdId}/${w.m.rootId}` },
      ],
    });
    await attach(w.m, await policy(w.m, 'HideSecret', document), w.memberId);
    const asRamUser = sdkClient(harness, w.ramUser);
    await expectApiError(() => asRamUser.getFolder(new models.GetFolderRequest({ folderId: secret })), 403, 'NoPermission');
    await expectApiError(() => asRamUser.getFolder(new models.GetFolderRequest({ folderId: w.m.rootId })), 403, 'NoPermission');
    assert.equal((await asRamUser.getFolder(new models.GetFolderRequest({ folderId: w.folderId }))).body!.folder!.folderName, 'Dev');
    // The member's root identity reads it: only RAM users are bounded.
    assert.equal(
      (await sdkClient(harness, w.memberRoot).getFolder(new models.GetFolderRequest({ folderId: secret }))).body!.folder!.folderName,
      'Secret',
    );
  });

  test('V1 over GET and POST, JSON and XML: the refusal carries its AccessDeniedDetail', async () => {
    const w = await world(harness);
    await enable(harness, w.m);
    await attach(w.m, await policy(w.m, 'NoReads', deny('resourcemanager:GetResourceDirectory')), w.m.rootId);
    for (const method of ['GET', 'POST'] as const) {
      await assert.rejects(
        () => popClient(harness, w.ramUser, method).request('GetResourceDirectory'),
        (error: any) => {
          assert.equal(error.code, 'NoPermission');
          assert.equal(error.entry.response.statusCode, 403);
          assert.equal(error.data.AccessDeniedDetail.NoPermissionType, 'ExplicitDeny');
          return true;
        },
      );
    }
    const query = v1SignedQuery(w.ramUser, { Action: 'GetResourceDirectory', Version: '2020-03-31', Format: 'XML' });
    const xml = await fetch(`${harness.url}/?${query}`);
    assert.equal(xml.status, 403);
    const text = await xml.text();
    assert.match(text, /<Code>NoPermission<\/Code>/);
    assert.match(text, /<AccessDeniedDetail><PolicyType>ControlPolicy<\/PolicyType>.*<NoPermissionType>ExplicitDeny<\/NoPermissionType>/);
  });
});
