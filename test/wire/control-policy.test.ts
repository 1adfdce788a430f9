import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectApiError, models, newManager, rdmClient, sdkClient, startServer, type Harness } from '../helpers/harness.js';

/**
 * EnableControlPolicy and DisableControlPolicy: the directory's switch, which Terraform's `status`
 * drives. Turning takes 10 seconds of the emulator clock (PendingEnable, PendingDisable), read from
 * GetControlPolicyEnablementStatus and GetResourceDirectory alike.
 */
describe('the Control Policy switch', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('enable answers PendingEnable and settles to Enabled, disable PendingDisable then Disabled, on both versions', async () => {
    const m = await newManager(harness);
    const rdm = rdmClient(harness, m.account);
    const status = async () => (await m.client.getResourceDirectory()).body!.resourceDirectory!.controlPolicyStatus;
    const enablement = async () => (await m.client.getControlPolicyEnablementStatus()).body!.enablementStatus;
    assert.equal(await status(), 'Disabled');
    assert.equal(await enablement(), 'Disabled');
    assert.equal((await m.client.enableControlPolicy()).body!.enablementStatus, 'PendingEnable');
    assert.equal(await status(), 'PendingEnable');
    assert.equal((await rdm.request('GetControlPolicyEnablementStatus'))['EnablementStatus'], 'PendingEnable');
    assert.equal((await m.client.enableControlPolicy()).body!.enablementStatus, 'PendingEnable', 'asking again changes nothing');
    await harness.advanceClock(9);
    assert.equal(await status(), 'PendingEnable');
    await harness.advanceClock(1);
    assert.equal(await status(), 'Enabled');
    assert.equal(await enablement(), 'Enabled');
    assert.equal((await m.client.enableControlPolicy()).body!.enablementStatus, 'Enabled', 'already on');

    assert.equal((await rdm.request('DisableControlPolicy'))['EnablementStatus'], 'PendingDisable');
    assert.equal((await rdm.request('GetResourceDirectory'))['ResourceDirectory']['ControlPolicyStatus'], 'PendingDisable');
    assert.equal((await rdm.request('DisableControlPolicy'))['EnablementStatus'], 'PendingDisable');
    await harness.advanceClock(10);
    assert.equal((await rdm.request('GetResourceDirectory'))['ResourceDirectory']['ControlPolicyStatus'], 'Disabled');
    assert.equal((await rdm.request('DisableControlPolicy'))['EnablementStatus'], 'Disabled', 'already off');
    assert.equal((await rdm.request('EnableControlPolicy'))['EnablementStatus'], 'PendingEnable');
  });

  test('turning one way while the other is under way is refused with InvalidControlPolicyEnablementStatus', async () => {
    const m = await newManager(harness);
    const message = 'The control policy enablement status is not valid to perform this operation.';
    await m.client.enableControlPolicy();
    await expectApiError(() => m.client.disableControlPolicy(), 409, 'InvalidControlPolicyEnablementStatus', message);
    await harness.advanceClock(10);
    await m.client.disableControlPolicy();
    await expectApiError(
      () => rdmClient(harness, m.account).request('EnableControlPolicy'),
      409,
      'InvalidControlPolicyEnablementStatus',
      message,
    );
    await harness.advanceClock(10);
    assert.equal((await m.client.enableControlPolicy()).body!.enablementStatus, 'PendingEnable');
  });

  test('only the management account turns it: a member and a standalone account manage no directory', async () => {
    const m = await newManager(harness);
    const invitee = await harness.createAccount();
    const handshake = (
      await m.client.inviteAccountToResourceDirectory(
        new models.InviteAccountToResourceDirectoryRequest({ targetEntity: invitee.accountId, targetType: 'Account' }),
      )
    ).body!.handshake!;
    const member = sdkClient(harness, invitee);
    await member.acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshake.handshakeId }));
    const outsider = sdkClient(harness, await harness.createAccount());
    for (const client of [member, outsider]) {
      await expectApiError(() => client.enableControlPolicy(), 404, 'EntityNotExists.ResourceDirectory');
      await expectApiError(() => client.disableControlPolicy(), 404, 'EntityNotExists.ResourceDirectory');
      await expectApiError(() => client.getControlPolicyEnablementStatus(), 404, 'EntityNotExists.ResourceDirectory');
    }
    assert.equal((await m.client.getResourceDirectory()).body!.resourceDirectory!.controlPolicyStatus, 'Disabled');
  });
});
