import { apiClient, type TestAccount } from '../harness.js';
import type { Scenarios } from './scenario.js';
import type { World } from './world.js';

/**
 * Control policies, each scenario on a directory of its own with the feature on (PendingEnable is
 * enough to attach): the fixture directory's folders and members stay without policies. Set-up calls
 * go through 2020-03-31 and are not checked.
 */
const DOCUMENT = JSON.stringify({
  Version: '1',
  Statement: [{ Effect: 'Deny', Action: ['ram:DeleteRole'], Resource: 'acs:ram:*:*:role/ResourceDirectoryAccountAccessRole' }],
});

const setup = (w: World, as: TestAccount, action: string, params: Record<string, string> = {}) =>
  apiClient(w.harness, as, '2020-03-31').request(action, params);

/** A fresh directory with the feature turned on, a folder under Root, and one custom policy. */
async function enabledDirectory(w: World) {
  const owner = await w.ownDirectory();
  await setup(w, owner, 'EnableControlPolicy');
  const folderId = (await setup(w, owner, 'CreateFolder', { FolderName: w.unique('cp') }))['Folder']['FolderId'];
  const created = await setup(w, owner, 'CreateControlPolicy', {
    PolicyName: w.unique('policy'),
    Description: 'ConformancePolicy',
    EffectScope: 'RAM',
    PolicyDocument: DOCUMENT,
  });
  return { owner, folderId, policyId: created['ControlPolicy']['PolicyId'] as string };
}

export const controlPolicyScenarios: Scenarios = {
  CreateControlPolicy: async (w) =>
    w.call(
      'CreateControlPolicy',
      { PolicyName: w.unique('policy'), Description: 'ConformancePolicy', EffectScope: 'RAM', PolicyDocument: DOCUMENT },
      await w.ownDirectory(),
    ),

  // A custom policy, and the system policy in the other language.
  GetControlPolicy: async (w) => {
    const { owner, policyId } = await enabledDirectory(w);
    await w.call('GetControlPolicy', { PolicyId: policyId }, owner);
    return w.call('GetControlPolicy', { PolicyId: 'cp-FullAliyunAccess', Language: 'en' }, owner);
  },

  UpdateControlPolicy: async (w) => {
    const { owner, policyId } = await enabledDirectory(w);
    return w.call('UpdateControlPolicy', { PolicyId: policyId, NewPolicyName: w.unique('renamed'), NewDescription: 'Changed' }, owner);
  },

  DeleteControlPolicy: async (w) => {
    const { owner, policyId } = await enabledDirectory(w);
    return w.call('DeleteControlPolicy', { PolicyId: policyId }, owner);
  },

  // The system policy and the custom one on the first page, then each type alone.
  ListControlPolicies: async (w) => {
    const { owner } = await enabledDirectory(w);
    await w.call('ListControlPolicies', {}, owner);
    await w.call('ListControlPolicies', { PolicyType: 'System', Language: 'ja' }, owner);
    return w.call('ListControlPolicies', { PolicyType: 'Custom', PageNumber: '1', PageSize: '1' }, owner);
  },

  AttachControlPolicy: async (w) => {
    const { owner, folderId, policyId } = await enabledDirectory(w);
    return w.call('AttachControlPolicy', { PolicyId: policyId, TargetId: folderId }, owner);
  },

  // The folder keeps FullAliyunAccess, so the custom policy is not its last.
  DetachControlPolicy: async (w) => {
    const { owner, folderId, policyId } = await enabledDirectory(w);
    await setup(w, owner, 'AttachControlPolicy', { PolicyId: policyId, TargetId: folderId });
    return w.call('DetachControlPolicy', { PolicyId: policyId, TargetId: folderId }, owner);
  },

  ListControlPolicyAttachmentsForTarget: async (w) => {
    const { owner, folderId, policyId } = await enabledDirectory(w);
    await setup(w, owner, 'AttachControlPolicy', { PolicyId: policyId, TargetId: folderId });
    return w.call('ListControlPolicyAttachmentsForTarget', { TargetId: folderId, Language: 'en' }, owner);
  },

  // A folder and the management account as targets, on two pages of one.
  ListTargetAttachmentsForControlPolicy: async (w) => {
    const { owner, folderId, policyId } = await enabledDirectory(w);
    await setup(w, owner, 'AttachControlPolicy', { PolicyId: policyId, TargetId: folderId });
    await setup(w, owner, 'AttachControlPolicy', { PolicyId: policyId, TargetId: owner.accountId });
    await w.call('ListTargetAttachmentsForControlPolicy', { PolicyId: policyId, PageSize: '1' }, owner);
    return w.call('ListTargetAttachmentsForControlPolicy', { PolicyId: policyId, PageNumber: '2', PageSize: '1' }, owner);
  },

  GetControlPolicyEnablementStatus: async (w) => {
    const owner = await w.ownDirectory();
    await w.call('GetControlPolicyEnablementStatus', {}, owner);
    await setup(w, owner, 'EnableControlPolicy');
    return w.call('GetControlPolicyEnablementStatus', {}, owner);
  },
};
