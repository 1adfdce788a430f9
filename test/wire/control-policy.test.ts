import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectApiError, models, newManager, rdmClient, sdkClient, startServer, type Harness } from '../helpers/harness.js';

/** EnableControlPolicy and DisableControlPolicy: the directory's switch, which Terraform's `status` drives. */
describe('the Control Policy switch', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('enable and disable take effect at once, on both versions; asking twice changes nothing', async () => {
    const m = await newManager(harness);
    const status = async () => (await m.client.getResourceDirectory()).body!.resourceDirectory!.controlPolicyStatus;
    assert.equal(await status(), 'Disabled');
    assert.equal((await m.client.enableControlPolicy()).body!.enablementStatus, 'Enabled');
    assert.equal(await status(), 'Enabled');
    assert.equal((await m.client.enableControlPolicy()).body!.enablementStatus, 'Enabled');
    const rdm = rdmClient(harness, m.account);
    assert.equal((await rdm.request('DisableControlPolicy'))['EnablementStatus'], 'Disabled');
    assert.equal((await rdm.request('GetResourceDirectory'))['ResourceDirectory']['ControlPolicyStatus'], 'Disabled');
    assert.equal((await rdm.request('EnableControlPolicy'))['EnablementStatus'], 'Enabled');
    assert.equal(await status(), 'Enabled');
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
    }
    assert.equal((await m.client.getResourceDirectory()).body!.resourceDirectory!.controlPolicyStatus, 'Disabled');
  });
});
