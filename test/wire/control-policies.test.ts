import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  apiClient,
  type Harness,
  type Manager,
  models,
  newManager,
  newResourceAccount,
  rdmClient,
  REQUEST_ID,
  sdkClient,
  startServer,
} from '../helpers/harness.js';

/** The control-policy operations through the official SDK (V3 and V1 signatures) and the 2022-04-19 API. */

const DOCUMENT = JSON.stringify({
  Version: '1',
  Statement: [
    { Effect: 'Deny', Action: ['ram:UpdateRole', 'ram:DeleteRole'], Resource: 'acs:ram:*:*:role/ResourceDirectoryAccountAccessRole' },
  ],
});
const SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const FULL = 'cp-FullAliyunAccess';

type Client = ReturnType<typeof sdkClient>;

const create = async (client: Client, name: string, description?: string) =>
  (
    await client.createControlPolicy(
      new models.CreateControlPolicyRequest({
        policyName: name,
        effectScope: 'RAM',
        policyDocument: DOCUMENT,
        ...(description ? { description } : {}),
      }),
    )
  ).body!.controlPolicy!;

const folder = async (m: Manager, folderName: string) =>
  (await m.client.createFolder(new models.CreateFolderRequest({ folderName }))).body!.folder!.folderId!;

/** The IDs of the policies on a target, in attachment order. */
const policiesOn = async (client: Client, targetId: string) =>
  (
    await client.listControlPolicyAttachmentsForTarget(new models.ListControlPolicyAttachmentsForTargetRequest({ targetId }))
  ).body!.controlPolicyAttachments!.controlPolicyAttachment!.map((a) => a.policyId);

/** The targets of a policy, all pages. */
const targetsOf = async (client: Client, policyId: string) =>
  (
    await client.listTargetAttachmentsForControlPolicy(new models.ListTargetAttachmentsForControlPolicyRequest({ policyId, pageSize: 100 }))
  ).body!.targetAttachments!.targetAttachment!.map((t) => t.targetId);

describe('control policies', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  for (const scheme of ['V3', 'V1'] as const) {
    test(`${scheme}: create, get, list, update, attach, list both ways, detach, delete`, async () => {
      const m = await newManager(harness);
      const client = sdkClient(harness, m.account, scheme);
      await client.enableControlPolicy();
      const fd = await folder(m, 'Dev');

      const created = await create(client, 'ExampleControlPolicy', 'ExampleDescription');
      assert.match(created.policyId!, /^cp-[A-Za-z0-9]{16}$/);
      assert.deepEqual(
        [created.policyName, created.description, created.effectScope, created.policyType, created.attachmentCount],
        ['ExampleControlPolicy', 'ExampleDescription', 'RAM', 'Custom', '0'],
      );
      assert.match(created.createDate!, SECONDS);
      assert.equal(created.updateDate, created.createDate);

      const got = (await client.getControlPolicy(new models.GetControlPolicyRequest({ policyId: created.policyId }))).body!.controlPolicy!;
      assert.equal(got.policyDocument, DOCUMENT);
      assert.equal(got.policyName, 'ExampleControlPolicy');

      const all = (await client.listControlPolicies(new models.ListControlPoliciesRequest({}))).body!;
      assert.deepEqual([all.totalCount, all.pageNumber, all.pageSize], [2, 1, 10]);
      assert.deepEqual(
        all.controlPolicies!.controlPolicy!.map((p) => [p.policyId, p.policyType, p.effectScope]),
        [
          [FULL, 'System', 'All'],
          [created.policyId, 'Custom', 'RAM'],
        ],
      );
      const system = all.controlPolicies!.controlPolicy![0]!;
      assert.equal(system.description, '支持阿里云所有操作的系统管控策略', 'zh-CN by default');
      assert.equal(system.createDate, '2020-08-05T06:32:24Z');
      // Root, the folder and the management account have it.
      assert.equal(system.attachmentCount, '3');
      const custom = (await client.listControlPolicies(new models.ListControlPoliciesRequest({ policyType: 'Custom' }))).body!;
      assert.deepEqual(
        custom.controlPolicies!.controlPolicy!.map((p) => p.policyId),
        [created.policyId],
      );
      const english = (await client.listControlPolicies(new models.ListControlPoliciesRequest({ policyType: 'System', language: 'en' })))
        .body!;
      assert.deepEqual([english.totalCount, english.controlPolicies!.controlPolicy!.length], [1, 1]);
      assert.notEqual(english.controlPolicies!.controlPolicy![0]!.description, system.description);
      const second = (await client.listControlPolicies(new models.ListControlPoliciesRequest({ pageNumber: 2, pageSize: 1 }))).body!;
      assert.deepEqual(
        second.controlPolicies!.controlPolicy!.map((p) => p.policyId),
        [created.policyId],
      );
      const past = (await client.listControlPolicies(new models.ListControlPoliciesRequest({ pageNumber: 200000 }))).body!;
      assert.deepEqual([past.totalCount, past.controlPolicies!.controlPolicy!.length], [2, 0]);

      const updated = (
        await client.updateControlPolicy(
          new models.UpdateControlPolicyRequest({ policyId: created.policyId, newPolicyName: 'NewControlPolicy', newDescription: '' }),
        )
      ).body!.controlPolicy!;
      assert.deepEqual([updated.policyName, updated.description, updated.createDate], ['NewControlPolicy', '', created.createDate]);
      const document = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'oss:DeleteBucket', Resource: '*' }] });
      await client.updateControlPolicy(new models.UpdateControlPolicyRequest({ policyId: created.policyId, newPolicyDocument: document }));
      const after = (await client.getControlPolicy(new models.GetControlPolicyRequest({ policyId: created.policyId }))).body!
        .controlPolicy!;
      assert.deepEqual([after.policyName, after.policyDocument], ['NewControlPolicy', document], 'what is not given is kept');

      const member = await newResourceAccount(m, 'Member One');
      await client.attachControlPolicy(new models.AttachControlPolicyRequest({ policyId: created.policyId, targetId: fd }));
      await client.attachControlPolicy(new models.AttachControlPolicyRequest({ policyId: created.policyId, targetId: member }));
      const onFolder = (
        await client.listControlPolicyAttachmentsForTarget(
          new models.ListControlPolicyAttachmentsForTargetRequest({ targetId: fd, language: 'en' }),
        )
      ).body!.controlPolicyAttachments!.controlPolicyAttachment!;
      assert.deepEqual(
        onFolder.map((a) => [a.policyId, a.policyName, a.policyType, a.effectScope]),
        [
          [FULL, 'FullAliyunAccess', 'System', 'All'],
          [created.policyId, 'NewControlPolicy', 'Custom', 'RAM'],
        ],
      );
      assert.equal(onFolder[0]!.description, english.controlPolicies!.controlPolicy![0]!.description);
      for (const a of onFolder) assert.match(a.attachDate!, SECONDS);

      const targets = (
        await client.listTargetAttachmentsForControlPolicy(
          new models.ListTargetAttachmentsForControlPolicyRequest({ policyId: created.policyId, pageSize: 1 }),
        )
      ).body!;
      assert.deepEqual([targets.totalCount, targets.pageSize], [2, 1]);
      assert.deepEqual(
        targets.targetAttachments!.targetAttachment!.map((t) => [t.targetId, t.targetName, t.targetType]),
        [[fd, 'Dev', 'Folder']],
      );
      const page2 = (
        await client.listTargetAttachmentsForControlPolicy(
          new models.ListTargetAttachmentsForControlPolicyRequest({ policyId: created.policyId, pageNumber: 2, pageSize: 1 }),
        )
      ).body!;
      assert.deepEqual(
        page2.targetAttachments!.targetAttachment!.map((t) => [t.targetId, t.targetName, t.targetType]),
        [[member, 'Member One', 'Account']],
      );
      const counted = (await client.getControlPolicy(new models.GetControlPolicyRequest({ policyId: created.policyId }))).body!;
      assert.equal(counted.controlPolicy!.attachmentCount, '2');

      await client.detachControlPolicy(new models.DetachControlPolicyRequest({ policyId: created.policyId, targetId: fd }));
      await client.detachControlPolicy(new models.DetachControlPolicyRequest({ policyId: created.policyId, targetId: member }));
      assert.deepEqual(await policiesOn(client, fd), [FULL]);
      // The system policy may go too, once the target has another one (the documented allow-list use case).
      await client.attachControlPolicy(new models.AttachControlPolicyRequest({ policyId: created.policyId, targetId: fd }));
      await client.detachControlPolicy(new models.DetachControlPolicyRequest({ policyId: FULL, targetId: fd }));
      assert.deepEqual(await policiesOn(client, fd), [created.policyId]);
      await client.attachControlPolicy(new models.AttachControlPolicyRequest({ policyId: FULL, targetId: fd }));
      await client.detachControlPolicy(new models.DetachControlPolicyRequest({ policyId: created.policyId, targetId: fd }));

      const deleted = await client.deleteControlPolicy(new models.DeleteControlPolicyRequest({ policyId: created.policyId }));
      assert.match(deleted.body!.requestId!, REQUEST_ID);
      const left = (await client.listControlPolicies(new models.ListControlPoliciesRequest({}))).body!;
      assert.deepEqual(
        left.controlPolicies!.controlPolicy!.map((p) => p.policyId),
        [FULL],
      );
    });
  }

  test('2022-04-19: every operation answers as in 2020-03-31', async () => {
    const m = await newManager(harness);
    const rdm = rdmClient(harness, m.account);
    assert.equal((await rdm.request('EnableControlPolicy'))['EnablementStatus'], 'PendingEnable');
    assert.equal((await rdm.request('GetControlPolicyEnablementStatus'))['EnablementStatus'], 'PendingEnable');
    const created = (await rdm.request('CreateControlPolicy', { PolicyName: 'Rdm', EffectScope: 'RAM', PolicyDocument: DOCUMENT }))[
      'ControlPolicy'
    ];
    assert.equal(created['AttachmentCount'], '0');
    const id = created['PolicyId'];
    assert.equal((await rdm.request('GetControlPolicy', { PolicyId: id }))['ControlPolicy']['PolicyDocument'], DOCUMENT);
    assert.equal((await rdm.request('GetControlPolicy', { PolicyId: FULL, Language: 'ja' }))['ControlPolicy']['PolicyType'], 'System');
    assert.equal(
      (await rdm.request('UpdateControlPolicy', { PolicyId: id, NewDescription: 'Described' }))['ControlPolicy']['Description'],
      'Described',
    );
    const listed = await rdm.request('ListControlPolicies', { PolicyType: 'Custom' });
    assert.deepEqual([listed['TotalCount'], listed['ControlPolicies']['ControlPolicy'][0]['PolicyId']], [1, id]);
    await rdm.request('AttachControlPolicy', { PolicyId: id, TargetId: m.rootId });
    const onRoot = (await rdm.request('ListControlPolicyAttachmentsForTarget', { TargetId: m.rootId }))['ControlPolicyAttachments'];
    assert.deepEqual(
      onRoot['ControlPolicyAttachment'].map((a: any) => a['PolicyId']),
      [FULL, id],
    );
    const targets = await rdm.request('ListTargetAttachmentsForControlPolicy', { PolicyId: id });
    assert.deepEqual(
      targets['TargetAttachments']['TargetAttachment'].map((t: any) => [t['TargetId'], t['TargetName'], t['TargetType']]),
      [[m.rootId, 'Root', 'Folder']],
    );
    await rdm.request('DetachControlPolicy', { PolicyId: id, TargetId: m.rootId });
    await rdm.request('DeleteControlPolicy', { PolicyId: id });
    await harness.advanceClock(10);
    assert.equal((await rdm.request('DisableControlPolicy'))['EnablementStatus'], 'PendingDisable');
  });

  test('enabling attaches FullAliyunAccess everywhere; every folder and member added later gets it; leaving and deleting drop it', async () => {
    const m = await newManager(harness);
    const c = m.client;
    const before = await folder(m, 'Before');
    const early = await newResourceAccount(m, 'Early');
    assert.deepEqual(await policiesOn(c, before), [], 'nothing attached while the feature is off');
    await c.enableControlPolicy();
    for (const target of [m.rootId, before, early, m.account.accountId]) assert.deepEqual(await policiesOn(c, target), [FULL], target);

    const later = await folder(m, 'Later');
    const late = await newResourceAccount(m, 'Late');
    const invitee = await harness.createAccount();
    const handshake = (
      await c.inviteAccountToResourceDirectory(
        new models.InviteAccountToResourceDirectoryRequest({ targetEntity: invitee.accountId, targetType: 'Account' }),
      )
    ).body!.handshake!;
    await sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshake.handshakeId }));
    for (const target of [later, late, invitee.accountId]) assert.deepEqual(await policiesOn(c, target), [FULL], target);
    assert.deepEqual(
      new Set(await targetsOf(c, FULL)),
      new Set([m.rootId, before, early, m.account.accountId, later, late, invitee.accountId]),
    );

    const custom = await create(c, 'Custom');
    await c.attachControlPolicy(new models.AttachControlPolicyRequest({ policyId: custom.policyId, targetId: invitee.accountId }));
    await c.removeCloudAccount(new models.RemoveCloudAccountRequest({ accountId: invitee.accountId }));
    await c.deleteFolder(new models.DeleteFolderRequest({ folderId: later }));
    assert.deepEqual(await targetsOf(c, custom.policyId!), [], 'the member left with its attachments gone');
    assert.ok(!(await targetsOf(c, FULL)).includes(later), 'a deleted folder keeps no attachment');
    assert.ok(!(await targetsOf(c, FULL)).includes(invitee.accountId));
    // The same account joins again while the feature is on: only FullAliyunAccess, nothing left over.
    const again = (
      await c.inviteAccountToResourceDirectory(
        new models.InviteAccountToResourceDirectoryRequest({ targetEntity: invitee.accountId, targetType: 'Account' }),
      )
    ).body!.handshake!;
    await sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: again.handshakeId }));
    assert.deepEqual(await policiesOn(c, invitee.accountId), [FULL]);

    // Disabling detaches everything and keeps the custom policy; enabling again attaches only FullAliyunAccess.
    await c.attachControlPolicy(new models.AttachControlPolicyRequest({ policyId: custom.policyId, targetId: before }));
    await harness.advanceClock(10);
    await c.disableControlPolicy();
    for (const target of [m.rootId, before, early]) assert.deepEqual(await policiesOn(c, target), [], target);
    const policies = (await c.listControlPolicies(new models.ListControlPoliciesRequest({}))).body!.controlPolicies!.controlPolicy!;
    assert.deepEqual(
      policies.map((p) => [p.policyId, p.attachmentCount]),
      [
        [FULL, '0'],
        [custom.policyId, '0'],
      ],
    );
    assert.deepEqual(await policiesOn(c, await folder(m, 'WhileOff')), [], 'nothing is attached while the feature is off');
    await harness.advanceClock(10);
    await c.enableControlPolicy();
    assert.deepEqual(await policiesOn(c, before), [FULL]);
  });

  test('DestroyResourceDirectory takes the policies, their tags and the attachments of Root and the management account with it', async () => {
    const m = await newManager(harness);
    await m.client.enableControlPolicy();
    const policy = await create(m.client, 'Doomed');
    await m.client.attachControlPolicy(new models.AttachControlPolicyRequest({ policyId: policy.policyId, targetId: m.rootId }));
    await rdmClient(harness, m.account).request('TagResources', {
      ResourceType: 'ControlPolicy',
      'ResourceId.1': policy.policyId!,
      'Tag.1.Key': 'k',
      'Tag.1.Value': 'v',
    });
    await m.client.destroyResourceDirectory();
    await m.client.initResourceDirectory();
    assert.equal((await m.client.getResourceDirectory()).body!.resourceDirectory!.controlPolicyStatus, 'Disabled');
    const listed = (await m.client.listControlPolicies(new models.ListControlPoliciesRequest({}))).body!;
    assert.deepEqual(
      listed.controlPolicies!.controlPolicy!.map((p) => [p.policyId, p.attachmentCount]),
      [[FULL, '0']],
    );
    assert.deepEqual(await policiesOn(m.client, m.account.accountId), []);
  });

  test('a custom control policy carries tags through the 2022-04-19 tag operations; deleting it removes them', async () => {
    const m = await newManager(harness);
    const rdm = rdmClient(harness, m.account);
    const policy = await create(m.client, 'Tagged');
    const query = { ResourceType: 'ControlPolicy', 'ResourceId.1': policy.policyId! };
    await rdm.request('TagResources', { ...query, 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod' });
    const tags = async () =>
      (await rdm.request('ListTagResources', query))['TagResources'].map((t: any) => `${t.ResourceId}:${t.TagKey}=${t.TagValue}`);
    assert.deepEqual(await tags(), [`${policy.policyId}:env=prod`]);
    await rdm.request('UntagResources', { ...query, 'TagKey.1': 'env' });
    assert.deepEqual(await tags(), []);
    await rdm.request('TagResources', { ...query, 'Tag.1.Key': 'team', 'Tag.1.Value': 'core' });
    await m.client.deleteControlPolicy(new models.DeleteControlPolicyRequest({ policyId: policy.policyId }));
    const again = await create(m.client, 'Tagged');
    assert.deepEqual(
      (await apiClient(harness, m.account, '2022-04-19').request('ListTagResources', { ResourceType: 'ControlPolicy' }))['TagResources'],
      [],
      `no tags left (${again.policyId} is new)`,
    );
  });
});
