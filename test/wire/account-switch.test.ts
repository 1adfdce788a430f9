import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectApiError, models, rdmClient, sdkClient, startServer, type Harness, type TestAccount } from '../helpers/harness.js';

const ENTERPRISE = 'Switch Test Co., Ltd.';

describe('UpdateAccount NewAccountType: switching members between cloud and resource accounts', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  /** A management account of ENTERPRISE, and an invited account that has joined its directory. */
  async function directoryWithInvitee(invitee: Record<string, unknown>) {
    const owner = await harness.createAccount({ enterpriseName: ENTERPRISE });
    const client = sdkClient(harness, owner);
    await client.initResourceDirectory();
    const joined: TestAccount = await harness.createAccount(invitee);
    const handshake = (
      await client.inviteAccountToResourceDirectory(
        new models.InviteAccountToResourceDirectoryRequest({ targetEntity: joined.accountId, targetType: 'Account' }),
      )
    ).body!.handshake!;
    await sdkClient(harness, joined).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshake.handshakeId }));
    return { owner, client, joined };
  }

  const switchTo = (client: ReturnType<typeof sdkClient>, accountId: string, newAccountType: string) =>
    client.updateAccount(new models.UpdateAccountRequest({ accountId, newAccountType }));

  test('cloud to resource: same legal entity, security information, and no root AccessKey in use; then back', async () => {
    const { owner, client, joined } = await directoryWithInvitee({ enterpriseName: ENTERPRISE, securePhone: '1-2025550123' });
    // The invitee still has the root AccessKey it signed its acceptance with.
    await expectApiError(() => switchTo(client, joined.accountId, 'ResourceAccount'), 409, 'PrimaryAkInUse');
    const removed = await harness.admin('DELETE', `/_canopy/accounts/${joined.accountId}/access-keys/${joined.accessKeyId}`);
    assert.equal(removed.status, 204);
    assert.equal((await harness.admin('DELETE', `/_canopy/accounts/${joined.accountId}/access-keys/${joined.accessKeyId}`)).status, 404);

    // A dry run (2022-04-19) checks everything and changes nothing.
    const dry = await rdmClient(harness, owner).request('UpdateAccount', {
      AccountId: joined.accountId,
      NewAccountType: 'ResourceAccount',
      DryRun: true,
    });
    assert.equal(dry['Account']['Type'], 'CloudAccount');

    const switched = (await switchTo(client, joined.accountId, 'ResourceAccount')).body!.account!;
    assert.deepEqual([switched.type, switched.status], ['ResourceAccount', 'SwitchSuccess']);
    const read = (await client.getAccount(new models.GetAccountRequest({ accountId: joined.accountId }))).body!.account!;
    assert.deepEqual([read.type, read.status, read.joinMethod], ['ResourceAccount', 'SwitchSuccess', 'invited']);

    // Back to a cloud account: it has a secure phone.
    const back = (await switchTo(client, joined.accountId, 'CloudAccount')).body!.account!;
    assert.equal(back.type, 'CloudAccount');
    await expectApiError(() => switchTo(client, joined.accountId, 'CloudAccount'), 409, 'AccountTypeMismatch');
  });

  test('refusals in the documented order: legal entity, security information, AccessKeys', async () => {
    const other = await directoryWithInvitee({ enterpriseName: 'Another Co., Ltd.', securePhone: undefined });
    await expectApiError(() => switchTo(other.client, other.joined.accountId, 'ResourceAccount'), 409, 'LegalEntityDifferent');
    const bare = await directoryWithInvitee({ enterpriseName: ENTERPRISE, securePhone: undefined });
    await expectApiError(() => switchTo(bare.client, bare.joined.accountId, 'ResourceAccount'), 409, 'MissingSecurityInfo');

    // A resource account without a secure phone or email cannot become a cloud account.
    const created = (await bare.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'No Phone' }))).body!
      .account!;
    await expectApiError(() => switchTo(bare.client, created.accountId!, 'CloudAccount'), 409, 'MissingSecurityInfo');
  });
});
