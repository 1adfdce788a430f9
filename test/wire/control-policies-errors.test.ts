import { after, before, describe, test } from 'node:test';
import type { ApiVersion } from '../../src/actions/action.js';
import type { ErrorCode } from '../../src/errors/catalog.js';
import {
  apiClient,
  expectApiError,
  expectDocumentedStatus,
  type Harness,
  models,
  newManager,
  newResourceAccount,
  sdkClient,
  startServer,
  type TestAccount,
} from '../helpers/harness.js';

/**
 * Every refusal of the control-policy operations, on both versions: HTTP status, Code, Message (the
 * catalog's, itself checked against the metadata) and RequestId, through the SDK's core.
 */

const DOCUMENT = '{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:DeleteRole","Resource":"*"}]}';
const FULL = 'cp-FullAliyunAccess';
const VERSIONS: readonly ApiVersion[] = ['2020-03-31', '2022-04-19'];

describe('control policy errors', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  /** A manager with the feature on, a folder, a member and one custom policy. */
  async function world() {
    const m = await newManager(harness);
    await m.client.enableControlPolicy();
    const folderId = (await m.client.createFolder(new models.CreateFolderRequest({ folderName: 'Dev' }))).body!.folder!.folderId!;
    const memberId = await newResourceAccount(m, 'Member');
    const call = (version: ApiVersion) => apiClient(harness, m.account, version);
    const policyId = (
      await call('2020-03-31').request('CreateControlPolicy', { PolicyName: 'Mine', EffectScope: 'RAM', PolicyDocument: DOCUMENT })
    )['ControlPolicy']['PolicyId'] as string;
    return { m, folderId, memberId, policyId, call };
  }

  const refused = (
    version: ApiVersion,
    account: TestAccount,
    action: string,
    params: Record<string, string>,
    status: number,
    code: ErrorCode,
    args: readonly string[] = [],
  ) => expectDocumentedStatus(() => apiClient(harness, account, version).request(action, params), status, code, { version, action }, args);

  for (const version of VERSIONS) {
    test(`${version}: EntityNotExists.Target (documented) for a target outside the directory`, async () => {
      const { m, policyId } = await world();
      const other = await newManager(harness);
      for (const targetId of ['fd-nothing123', other.rootId, other.account.accountId, '1234567890123456']) {
        await refused(version, m.account, 'AttachControlPolicy', { PolicyId: policyId, TargetId: targetId }, 404, 'EntityNotExists.Target');
        await refused(version, m.account, 'DetachControlPolicy', { PolicyId: FULL, TargetId: targetId }, 404, 'EntityNotExists.Target');
        await refused(version, m.account, 'ListControlPolicyAttachmentsForTarget', { TargetId: targetId }, 404, 'EntityNotExists.Target');
      }
    });

    test(`${version}: NotSupport.DetachLastControlPolicy (documented), for a system and a custom policy`, async () => {
      const { m, folderId, policyId, call } = await world();
      await refused(
        version,
        m.account,
        'DetachControlPolicy',
        { PolicyId: FULL, TargetId: folderId },
        400,
        'NotSupport.DetachLastControlPolicy',
      );
      await call(version).request('AttachControlPolicy', { PolicyId: policyId, TargetId: folderId });
      await call(version).request('DetachControlPolicy', { PolicyId: FULL, TargetId: folderId });
      await refused(
        version,
        m.account,
        'DetachControlPolicy',
        { PolicyId: policyId, TargetId: folderId },
        400,
        'NotSupport.DetachLastControlPolicy',
      );
    });

    test(`${version}: the documented document lengths, and a document that is no policy`, async () => {
      const { m, policyId } = await world();
      const long = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'x'.repeat(4100), Resource: '*' }] });
      const create = { PolicyName: 'Long', EffectScope: 'RAM', PolicyDocument: long };
      await refused(version, m.account, 'CreateControlPolicy', create, 409, 'InvalidParameter.PolicyDocument.Length');
      await refused(
        version,
        m.account,
        'UpdateControlPolicy',
        { PolicyId: policyId, NewPolicyDocument: long },
        400,
        'InvalidParameter.NewPolicyDocument.Length',
      );
      await expectApiError(
        () => apiClient(harness, m.account, version).request('CreateControlPolicy', { ...create, PolicyDocument: '{"Version":"1"' }),
        400,
        'MalformedPolicyDocument',
      );
      await expectApiError(
        () =>
          apiClient(harness, m.account, version).request('UpdateControlPolicy', {
            PolicyId: policyId,
            NewPolicyDocument: '{"Version":"2","Statement":[]}',
          }),
        400,
        'MalformedPolicyDocument',
      );
    });

    test(`${version}: EntityNotExists.ControlPolicy for an unknown policy or another directory's`, async () => {
      const { m, folderId } = await world();
      const other = await world();
      for (const policyId of ['cp-nothingnothing12', other.policyId]) {
        for (const [action, params] of [
          ['GetControlPolicy', {}],
          ['UpdateControlPolicy', { NewPolicyName: 'Renamed' }],
          ['DeleteControlPolicy', {}],
          ['AttachControlPolicy', { TargetId: folderId }],
          ['DetachControlPolicy', { TargetId: folderId }],
          ['ListTargetAttachmentsForControlPolicy', {}],
        ] as const) {
          await refused(version, m.account, action, { PolicyId: policyId, ...params }, 404, 'EntityNotExists.ControlPolicy');
        }
      }
      const tag = { ResourceType: 'ControlPolicy', 'ResourceId.1': other.policyId, 'Tag.1.Key': 'k', 'Tag.1.Value': 'v' };
      await refused('2022-04-19', m.account, 'TagResources', tag, 404, 'EntityNotExists.ControlPolicy');
    });

    test(`${version}: names, attachments and system policies`, async () => {
      const { m, folderId, memberId, policyId, call } = await world();
      await refused(
        version,
        m.account,
        'CreateControlPolicy',
        { PolicyName: 'Mine', EffectScope: 'RAM', PolicyDocument: DOCUMENT },
        409,
        'EntityAlreadyExists.ControlPolicy',
      );
      const second = (
        await call(version).request('CreateControlPolicy', { PolicyName: 'Second', EffectScope: 'RAM', PolicyDocument: DOCUMENT })
      )['ControlPolicy']['PolicyId'];
      await refused(
        version,
        m.account,
        'UpdateControlPolicy',
        { PolicyId: second, NewPolicyName: 'Mine' },
        409,
        'EntityAlreadyExists.ControlPolicy',
      );
      await refused(
        version,
        m.account,
        'AttachControlPolicy',
        { PolicyId: FULL, TargetId: memberId },
        409,
        'EntityAlreadyExists.ControlPolicyAttachment',
      );
      await call(version).request('AttachControlPolicy', { PolicyId: policyId, TargetId: folderId });
      await refused(
        version,
        m.account,
        'AttachControlPolicy',
        { PolicyId: policyId, TargetId: folderId },
        409,
        'EntityAlreadyExists.ControlPolicyAttachment',
      );
      await refused(
        version,
        m.account,
        'DetachControlPolicy',
        { PolicyId: policyId, TargetId: memberId },
        404,
        'EntityNotExists.ControlPolicyAttachment',
      );
      await refused(version, m.account, 'DeleteControlPolicy', { PolicyId: policyId }, 409, 'DeleteConflict.ControlPolicy.Attachment');
      await refused(version, m.account, 'DeleteControlPolicy', { PolicyId: FULL }, 409, 'DeleteConflict.SystemControlPolicy');
      await refused(
        version,
        m.account,
        'UpdateControlPolicy',
        { PolicyId: FULL, NewPolicyName: 'Mine2' },
        409,
        'NotSupport.UpdateSystemControlPolicy',
      );
    });

    test(`${version}: InvalidControlPolicyEnablementStatus: attaching while the feature is off; deleting a member while it turns`, async () => {
      const m = await newManager(harness);
      const call = apiClient(harness, m.account, version);
      const policyId = (await call.request('CreateControlPolicy', { PolicyName: 'Off', EffectScope: 'RAM', PolicyDocument: DOCUMENT }))[
        'ControlPolicy'
      ]['PolicyId'];
      await refused(
        version,
        m.account,
        'AttachControlPolicy',
        { PolicyId: policyId, TargetId: m.rootId },
        409,
        'InvalidControlPolicyEnablementStatus',
      );
      await m.client.setMemberDeletionPermission(new models.SetMemberDeletionPermissionRequest({ status: 'Enabled' }));
      const member = await newResourceAccount(m, 'Doomed');
      await call.request('EnableControlPolicy');
      const deleting = version === '2020-03-31' ? ['CheckAccountDelete', 'DeleteAccount'] : ['DeleteAccount'];
      for (const action of deleting)
        await refused(version, m.account, action, { AccountId: member }, 409, 'InvalidControlPolicyEnablementStatus');
      await refused(version, m.account, 'DisableControlPolicy', {}, 409, 'InvalidControlPolicyEnablementStatus');
      await harness.advanceClock(10);
      await call.request('DisableControlPolicy');
      for (const action of deleting)
        await refused(version, m.account, action, { AccountId: member }, 409, 'InvalidControlPolicyEnablementStatus');
      await refused(
        version,
        m.account,
        'AttachControlPolicy',
        { PolicyId: policyId, TargetId: m.rootId },
        409,
        'InvalidControlPolicyEnablementStatus',
      );
      await refused(version, m.account, 'EnableControlPolicy', {}, 409, 'InvalidControlPolicyEnablementStatus');
      await harness.advanceClock(10);
      await call.request('CheckAccountDelete', { AccountId: member });
    });

    test(`${version}: only a management account manages control policies`, async () => {
      const { m, policyId, folderId } = await world();
      const invitee = await harness.createAccount();
      const handshake = (
        await m.client.inviteAccountToResourceDirectory(
          new models.InviteAccountToResourceDirectoryRequest({ targetEntity: invitee.accountId, targetType: 'Account' }),
        )
      ).body!.handshake!;
      await sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshake.handshakeId }));
      const outsider = await harness.createAccount();
      for (const caller of [invitee, outsider]) {
        for (const [action, params] of [
          ['CreateControlPolicy', { PolicyName: 'X', EffectScope: 'RAM', PolicyDocument: DOCUMENT }],
          ['GetControlPolicy', { PolicyId: policyId }],
          ['UpdateControlPolicy', { PolicyId: policyId, NewPolicyName: 'Y' }],
          ['DeleteControlPolicy', { PolicyId: policyId }],
          ['ListControlPolicies', {}],
          ['AttachControlPolicy', { PolicyId: policyId, TargetId: folderId }],
          ['DetachControlPolicy', { PolicyId: FULL, TargetId: folderId }],
          ['ListControlPolicyAttachmentsForTarget', { TargetId: folderId }],
          ['ListTargetAttachmentsForControlPolicy', { PolicyId: policyId }],
          ['GetControlPolicyEnablementStatus', {}],
        ] as const) {
          await refused(version, caller, action, params, 404, 'EntityNotExists.ResourceDirectory');
        }
      }
    });

    test(`${version}: parameters: missing, malformed, out of range`, async () => {
      const { m, policyId } = await world();
      const bad = (action: string, params: Record<string, string>, code: 'MissingParameter' | 'InvalidParameter', name: string) =>
        refused(version, m.account, action, params, 400, code, [name]);
      const base = { PolicyName: 'Fine', EffectScope: 'RAM', PolicyDocument: DOCUMENT };
      await bad('CreateControlPolicy', { EffectScope: 'RAM', PolicyDocument: DOCUMENT }, 'MissingParameter', 'PolicyName');
      await bad('CreateControlPolicy', { PolicyName: 'Fine', PolicyDocument: DOCUMENT }, 'MissingParameter', 'EffectScope');
      await bad('CreateControlPolicy', { PolicyName: 'Fine', EffectScope: 'RAM' }, 'MissingParameter', 'PolicyDocument');
      for (const name of ['1starts-with-digit', 'has space', 'under_score', 'x'.repeat(129)]) {
        await bad('CreateControlPolicy', { ...base, PolicyName: name }, 'InvalidParameter', 'PolicyName');
      }
      for (const description of ['has space', '_starts', 'x'.repeat(1025)]) {
        await bad('CreateControlPolicy', { ...base, Description: description }, 'InvalidParameter', 'Description');
      }
      await bad('CreateControlPolicy', { ...base, EffectScope: 'All' }, 'InvalidParameter', 'EffectScope');
      await bad('UpdateControlPolicy', { NewPolicyName: 'X' }, 'MissingParameter', 'PolicyId');
      await bad('UpdateControlPolicy', { PolicyId: policyId, NewPolicyName: '-bad' }, 'InvalidParameter', 'NewPolicyName');
      await bad('UpdateControlPolicy', { PolicyId: policyId, NewDescription: 'bad one' }, 'InvalidParameter', 'NewDescription');
      await bad('GetControlPolicy', {}, 'MissingParameter', 'PolicyId');
      await bad('GetControlPolicy', { PolicyId: policyId, Language: 'fr' }, 'InvalidParameter', 'Language');
      await bad('DeleteControlPolicy', {}, 'MissingParameter', 'PolicyId');
      await bad('ListControlPolicies', { PolicyType: 'Other' }, 'InvalidParameter', 'PolicyType');
      await bad('ListControlPolicies', { PageNumber: '200001' }, 'InvalidParameter', 'PageNumber');
      await bad('ListControlPolicies', { PageSize: '101' }, 'InvalidParameter', 'PageSize');
      await bad('ListTargetAttachmentsForControlPolicy', { PolicyId: policyId, PageNumber: '0' }, 'InvalidParameter', 'PageNumber');
      await bad('AttachControlPolicy', { PolicyId: policyId }, 'MissingParameter', 'TargetId');
      await bad('DetachControlPolicy', { TargetId: m.rootId }, 'MissingParameter', 'PolicyId');
      await bad('ListControlPolicyAttachmentsForTarget', {}, 'MissingParameter', 'TargetId');
    });
  }

  test('V1 signatures (the SDK with signatureAlgorithm v2): the documented refusals answer the same', async () => {
    const { m, folderId, policyId } = await world();
    const other = await newManager(harness);
    const long = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'x'.repeat(4100), Resource: '*' }] });
    for (const version of VERSIONS) {
      const v1 = (action: string, params: Record<string, string>, status: number, code: ErrorCode) =>
        expectDocumentedStatus(() => apiClient(harness, m.account, version, 'V1').request(action, params), status, code, {
          version,
          action,
        });
      await v1('AttachControlPolicy', { PolicyId: policyId, TargetId: other.rootId }, 404, 'EntityNotExists.Target');
      await v1('DetachControlPolicy', { PolicyId: FULL, TargetId: other.rootId }, 404, 'EntityNotExists.Target');
      await v1('ListControlPolicyAttachmentsForTarget', { TargetId: other.rootId }, 404, 'EntityNotExists.Target');
      await v1('DetachControlPolicy', { PolicyId: FULL, TargetId: folderId }, 400, 'NotSupport.DetachLastControlPolicy');
      await v1(
        'CreateControlPolicy',
        { PolicyName: 'Long', EffectScope: 'RAM', PolicyDocument: long },
        409,
        'InvalidParameter.PolicyDocument.Length',
      );
      await v1('UpdateControlPolicy', { PolicyId: policyId, NewPolicyDocument: long }, 400, 'InvalidParameter.NewPolicyDocument.Length');
    }
  });

  test('LimitExceeded.ControlPolicy at 1,500 custom policies, LimitExceeded.ControlPolicyAttachment at 10 on a target', async () => {
    const { m, folderId, policyId } = await world();
    const call = apiClient(harness, m.account, '2020-03-31');
    const ids = [policyId];
    // One policy exists; 1,499 more reach the documented limit.
    for (let i = 1; i < 1500; i += 50) {
      const batch = Array.from({ length: Math.min(50, 1500 - i) }, (_, j) =>
        call.request('CreateControlPolicy', { PolicyName: `P-${i + j}`, EffectScope: 'RAM', PolicyDocument: DOCUMENT }),
      );
      for (const created of await Promise.all(batch)) ids.push(created['ControlPolicy']['PolicyId']);
    }
    const extra = { PolicyName: 'OneTooMany', EffectScope: 'RAM', PolicyDocument: DOCUMENT };
    for (const version of VERSIONS) await refused(version, m.account, 'CreateControlPolicy', extra, 409, 'LimitExceeded.ControlPolicy');
    for (const id of ids.slice(0, 10)) await call.request('AttachControlPolicy', { PolicyId: id, TargetId: folderId });
    for (const version of VERSIONS) {
      await refused(
        version,
        m.account,
        'AttachControlPolicy',
        { PolicyId: ids[10]!, TargetId: folderId },
        409,
        'LimitExceeded.ControlPolicyAttachment',
      );
    }
    // The system policy does not count: detached, it can come back next to the ten.
    await call.request('DetachControlPolicy', { PolicyId: FULL, TargetId: folderId });
    await call.request('AttachControlPolicy', { PolicyId: FULL, TargetId: folderId });
  });
});
