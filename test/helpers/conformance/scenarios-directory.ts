import type { Scenarios } from './scenario.js';

/** Enabling, reading and destroying a directory, and its switches. */
export const directoryScenarios: Scenarios = {
  SendVerificationCodeForEnableRD: async (w) => w.call('SendVerificationCodeForEnableRD', {}, await w.standalone()),

  EnableResourceDirectory: async (w) => {
    const caller = await w.standalone();
    // A dry run that passes answers with the RequestId alone (see the exemptions).
    await w.call('EnableResourceDirectory', { EnableMode: 'CurrentAccount', DryRun: 'true' }, caller);
    await w.call('EnableResourceDirectory', { EnableMode: 'CurrentAccount' }, caller);
    // The other mode: a new management account, with the code sent to the caller's phone.
    const founder = await w.standalone();
    await w.call('SendVerificationCodeForEnableRD', {}, founder);
    await w.call(
      'EnableResourceDirectory',
      {
        EnableMode: 'NewManagementAccount',
        MAName: `${w.unique('ma')}@rdadmin.aliyunid.com`,
        VerificationCode: await w.code(founder.accountId, 'EnableRD'),
      },
      founder,
    );
  },

  InitResourceDirectory: async (w) => w.call('InitResourceDirectory', {}, await w.standalone()),

  GetResourceDirectory: async (w) => {
    await w.call('GetResourceDirectory');
    await w.call('GetResourceDirectory', {}, w.joined);
  },

  DestroyResourceDirectory: async (w) => w.call('DestroyResourceDirectory', {}, await w.ownDirectory()),

  SetMemberDeletionPermission: (w) => w.call('SetMemberDeletionPermission', { Status: 'Enabled' }),

  // On a directory of its own: the fixture's switch stays as other scenarios expect it.
  EnableControlPolicy: async (w) => w.call('EnableControlPolicy', {}, await w.ownDirectory()),
  // Disabling waits for enabling to settle (10 s on the emulator clock; refused while PendingEnable).
  DisableControlPolicy: async (w) => {
    const owner = await w.ownDirectory();
    await w.call('EnableControlPolicy', {}, owner);
    await w.harness.advanceClock(11);
    return w.call('DisableControlPolicy', {}, owner);
  },

  SetMemberDisplayNameSyncStatus: async (w) => {
    await w.call('SetMemberDisplayNameSyncStatus', { Status: 'Enabled' });
    await w.call('SetMemberDisplayNameSyncStatus', { Status: 'Disabled' });
  },
};
