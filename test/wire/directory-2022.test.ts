import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectApiError, models, newManager, rdmClient, sdkClient, startServer, type Harness } from '../helpers/harness.js';

/** What ResourceDirectoryMaster 2022-04-19 adds or answers differently, through its generic client. */
describe('ResourceDirectoryMaster 2022-04-19 on the same listener', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('each version has its own operations: 2022-only ones are not in 2020-03-31, and the other way round', async () => {
    const m = await newManager(harness);
    const rdm = rdmClient(harness, m.account);
    await expectApiError(() => rdm.request('InitResourceDirectory'), 404, 'InvalidAction.NotFound');
    const pop = await import('../helpers/harness.js').then((h) => h.popClient(harness, m.account, 'POST'));
    await expectApiError(() => pop.request('SetMemberDisplayNameSyncStatus', { Status: 'Enabled' }), 404, 'InvalidAction.NotFound');
    const directory = (await rdm.request('GetResourceDirectory'))['ResourceDirectory'];
    assert.equal(directory['ResourceDirectoryId'], m.rdId);
    assert.equal(directory['MemberAccountDisplayNameSyncStatus'], 'Disabled');
  });

  test('SetMemberDisplayNameSyncStatus: the switch, its status code, and who may set it', async () => {
    const m = await newManager(harness);
    const rdm = rdmClient(harness, m.account);
    assert.equal(
      (await rdm.request('SetMemberDisplayNameSyncStatus', { Status: 'Enabled' }))['MemberAccountDisplayNameSyncStatus'],
      'Enabled',
    );
    assert.equal((await rdm.request('GetResourceDirectory'))['ResourceDirectory']['MemberAccountDisplayNameSyncStatus'], 'Enabled');
    await expectApiError(() => rdm.request('SetMemberDisplayNameSyncStatus', { Status: 'On' }), 400, 'InvalidParameter.Status');
    await expectApiError(() => rdm.request('SetMemberDisplayNameSyncStatus'), 400, 'MissingParameter');
    const outsider = await harness.createAccount();
    await expectApiError(
      () => rdmClient(harness, outsider).request('SetMemberDisplayNameSyncStatus', { Status: 'Enabled' }),
      404,
      'EntityNotExists.ResourceDirectory',
    );
  });

  test('account shapes: HasSecureMobilePhone, AccountName and DeletionStatus, QueryKeyword on ListAccounts', async () => {
    const m = await newManager(harness);
    const rdm = rdmClient(harness, m.account);
    const created = (await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'Alpha One' }))).body!
      .account!;
    await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'Beta Two' }));
    const account = (await rdm.request('GetAccount', { AccountId: created.accountId }))['Account'];
    assert.equal(account['HasSecureMobilePhone'], false);
    const master = (await rdm.request('GetAccount', { AccountId: m.account.accountId }))['Account'];
    assert.equal(master['HasSecureMobilePhone'], true);

    const found = await rdm.request('ListAccounts', { QueryKeyword: 'alpha' });
    assert.equal(found['TotalCount'], 1);
    const item = found['Accounts']['Account'][0];
    assert.deepEqual([item['AccountId'], item['AccountName'], item['DeletionStatus']], [created.accountId, created.accountName, '']);
    // 2020-03-31 documents no QueryKeyword on ListAccounts and no DeletionStatus: all three members.
    const all = (await m.client.listAccounts(new models.ListAccountsRequest({}))).body!;
    assert.equal(all.totalCount, 3);

    await m.client.setMemberDeletionPermission(new models.SetMemberDeletionPermissionRequest({ status: 'Enabled' }));
    await m.client.deleteAccount(new models.DeleteAccountRequest({ accountId: created.accountId }));
    const statusOf = async () =>
      (await rdm.request('ListAccountsForParent', {}))['Accounts']['Account'].find((a: any) => a['AccountId'] === created.accountId)[
        'DeletionStatus'
      ];
    assert.equal(await statusOf(), 'Checking');
    await harness.advanceClock(5);
    assert.equal(await statusOf(), 'Deleting');
  });

  test('InviteAccountToResourceDirectory ParentFolderId: the invitee joins that folder', async () => {
    const m = await newManager(harness);
    const rdm = rdmClient(harness, m.account);
    const folder = (await m.client.createFolder(new models.CreateFolderRequest({ folderName: 'Landing' }))).body!.folder!.folderId!;
    const invitee = await harness.createAccount();
    await expectApiError(
      () =>
        rdm.request('InviteAccountToResourceDirectory', { TargetEntity: invitee.accountId, TargetType: 'Account', ParentFolderId: 'bad' }),
      400,
      'InvalidParameter.ParentFolderId',
    );
    await expectApiError(
      () =>
        rdm.request('InviteAccountToResourceDirectory', {
          TargetEntity: invitee.accountId,
          TargetType: 'Account',
          ParentFolderId: 'fd-0000000000',
        }),
      404,
      'EntityNotExists.Folder',
    );
    const handshake = (
      await rdm.request('InviteAccountToResourceDirectory', {
        TargetEntity: invitee.accountId,
        TargetType: 'Account',
        ParentFolderId: folder,
      })
    )['Handshake'];
    await sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshake['HandshakeId'] }));
    const joined = (await m.client.getAccount(new models.GetAccountRequest({ accountId: invitee.accountId }))).body!.account!;
    assert.equal(joined.folderId, folder);
  });

  test('billing: GetPayerForAccount, UpdatePayerForAccount, PrecheckForConsolidatedBillingAccount, CreateResourceAccount PayerAccountId and DryRun', async () => {
    const m = await newManager(harness);
    const rdm = rdmClient(harness, m.account);
    const payer = (await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'Payer' }))).body!.account!;
    const own = (await m.client.getPayerForAccount(new models.GetPayerForAccountRequest({ accountId: payer.accountId }))).body!;
    assert.deepEqual([own.payerAccountId, own.payerAccountName], ['', ''], 'a new member pays for itself: no billing account to name');

    const paid = (
      await m.client.createResourceAccount(
        new models.CreateResourceAccountRequest({ displayName: 'Paid For', payerAccountId: payer.accountId }),
      )
    ).body!.account!;
    assert.equal(
      (await m.client.getPayerForAccount(new models.GetPayerForAccountRequest({ accountId: paid.accountId }))).body!.payerAccountId,
      payer.accountId,
    );
    await rdm.request('UpdatePayerForAccount', { AccountId: paid.accountId, PayerAccountId: m.account.accountId });
    const byManager = (await m.client.getPayerForAccount(new models.GetPayerForAccountRequest({ accountId: paid.accountId }))).body!;
    assert.deepEqual([byManager.payerAccountId, byManager.payerAccountName], [m.account.accountId, m.account.accountName]);
    // Naming the member itself: it pays for itself again, and reads back empty.
    await rdm.request('UpdatePayerForAccount', { AccountId: paid.accountId, PayerAccountId: paid.accountId });
    assert.equal(
      (await m.client.getPayerForAccount(new models.GetPayerForAccountRequest({ accountId: paid.accountId }))).body!.payerAccountId,
      '',
    );

    const other = await newManager(harness);
    await expectApiError(
      () =>
        m.client.createResourceAccount(
          new models.CreateResourceAccountRequest({ displayName: 'Bad Payer', payerAccountId: other.account.accountId }),
        ),
      409,
      'NotSupport.PayerAccountInAnotherResourceDirectory',
    );
    await expectApiError(
      () => rdm.request('UpdatePayerForAccount', { AccountId: paid.accountId, PayerAccountId: other.account.accountId }),
      409,
      'NotSupport.PayerAccountInAnotherResourceDirectory',
    );
    await expectApiError(
      () => rdm.request('UpdatePayerForAccount', { AccountId: m.account.accountId, PayerAccountId: payer.accountId }),
      409,
      'AccountTypeMismatch',
    );
    await expectApiError(
      () => m.client.getPayerForAccount(new models.GetPayerForAccountRequest({ accountId: other.account.accountId })),
      404,
      'EntityNotExists.Account',
    );

    // A member of another enterprise cannot pay for a resource account.
    const foreign = await harness.createAccount({ enterpriseName: 'Elsewhere Ltd.' });
    const h = (
      await m.client.inviteAccountToResourceDirectory(
        new models.InviteAccountToResourceDirectoryRequest({ targetEntity: foreign.accountId, targetType: 'Account' }),
      )
    ).body!.handshake!;
    await sdkClient(harness, foreign).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: h.handshakeId }));
    await expectApiError(
      () => rdm.request('UpdatePayerForAccount', { AccountId: paid.accountId, PayerAccountId: foreign.accountId }),
      409,
      'InconsistentEnterpriseNameError',
    );

    const precheck = await rdm.request('PrecheckForConsolidatedBillingAccount', { BillingAccountId: payer.accountId });
    assert.deepEqual([precheck['Result'], precheck['Reasons']], [true, []]);
    await expectApiError(
      () => rdmClient(harness, foreign).request('PrecheckForConsolidatedBillingAccount', { BillingAccountId: payer.accountId }),
      403,
      'MemberAccountOperationNotAllowed',
    );

    const before = (await m.client.listAccounts(new models.ListAccountsRequest({}))).body!.totalCount;
    const dry = await rdm.request('CreateResourceAccount', { DisplayName: 'Dry Run', DryRun: true });
    assert.deepEqual(Object.keys(dry), ['RequestId']);
    assert.equal((await m.client.listAccounts(new models.ListAccountsRequest({}))).body!.totalCount, before);
    await expectApiError(
      () => rdm.request('CreateResourceAccount', { DisplayName: 'Payer', DryRun: true }),
      409,
      'InvalidParameter.Account.DisplayName.AlreadyUsed',
    );
  });
});
