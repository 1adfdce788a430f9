import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  engineSkip,
  expectApiError,
  models,
  newResourceAccount,
  popClient,
  RACE_ENGINES,
  rdmClient,
  sdkClient,
  startServer,
  startServerOn,
  type Harness,
  type TestAccount,
} from '../helpers/harness.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

interface Manager {
  account: TestAccount;
  client: ReturnType<typeof sdkClient>;
  rdId: string;
}

async function newManager(harness: Harness): Promise<Manager> {
  const account = await harness.createAccount();
  const client = sdkClient(harness, account);
  const rd = (await client.initResourceDirectory()).body!.resourceDirectory!;
  return { account, client, rdId: rd.resourceDirectoryId! };
}

const enableDeletion = (m: Manager, status: 'Enabled' | 'Disabled' = 'Enabled') =>
  m.client.setMemberDeletionPermission(new models.SetMemberDeletionPermissionRequest({ status }));
const check = (m: Manager, accountId?: string) => m.client.checkAccountDelete(new models.CheckAccountDeleteRequest({ accountId }));
const checkResult = (m: Manager, accountId?: string) =>
  m.client.getAccountDeletionCheckResult(new models.GetAccountDeletionCheckResultRequest({ accountId })).then((r) => r.body!);
const del = (m: Manager, accountId?: string, abandonableCheckId?: string[]) =>
  m.client.deleteAccount(new models.DeleteAccountRequest({ accountId, abandonableCheckId })).then((r) => r.body!);
const status = (m: Manager, accountId?: string) =>
  m.client.getAccountDeletionStatus(new models.GetAccountDeletionStatusRequest({ accountId })).then((r) => r.body!);

/** An AccessKey of the member made through the admin API: its root user's, or a RAM user's. */
async function memberKey(harness: Harness, accountId: string, body?: unknown): Promise<TestAccount> {
  const made = await harness.admin('POST', `/_canopy/accounts/${accountId}/access-keys`, body);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return { ...made.body, accountId, accountName: '' };
}

describe('member deletion through the official SDK', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer({ CANOPY_DELETION_CHECK_SECONDS: '5', CANOPY_DELETION_SECONDS: '10' });
  });
  after(() => harness.close());

  test('full flow: enable, check, wait, delete, wait, Success, account gone, destroy the directory', async () => {
    const m = await newManager(harness);
    const id = await newResourceAccount(m, 'Short Lived');
    await enableDeletion(m);
    const checked = await check(m, id);
    assert.match(checked.body!.requestId!, /^[0-9A-F-]{36}$/);

    const running = await checkResult(m, id);
    assert.equal(running.accountDeletionCheckResultInfo!.status, 'PreChecking');
    await harness.advanceClock(5);
    const done = (await checkResult(m, id)).accountDeletionCheckResultInfo!;
    assert.deepEqual(
      { status: done.status, allowDelete: done.allowDelete, notAllow: done.notAllowReason, abandonable: done.abandonableChecks },
      { status: 'PreCheckComplete', allowDelete: 'true', notAllow: [], abandonable: [] },
    );

    const deleted = await del(m, id, ['c1']);
    assert.equal(deleted.deletionType, '0');
    assert.match(deleted.requestId!, /^[0-9A-F-]{36}$/);
    const deleting = (await status(m, id)).rdAccountDeletionStatus!;
    assert.equal(deleting.accountId, id);
    assert.equal(deleting.status, 'Deleting');
    assert.equal(deleting.deletionType, '0');
    assert.deepEqual(deleting.failReasonList, []);
    assert.ok(!Number.isNaN(Date.parse(deleting.createTime!)));
    assert.equal(deleting.deletionTime, undefined);
    await expectApiError(() => del(m, id), 409, 'NotSupportedOperation.DeletingAccount');
    await expectApiError(() => check(m, id), 409, 'NotSupportedOperation.DeletingAccount');
    await expectApiError(() => m.client.destroyResourceDirectory(), 409, 'DeleteConflict.ResourceDirectory.Account');
    assert.equal(
      (await m.client.getAccount(new models.GetAccountRequest({ accountId: id }))).body!.account!.accountId,
      id,
      'still there while deleting',
    );

    await harness.advanceClock(10);
    const success = (await status(m, id)).rdAccountDeletionStatus!;
    assert.equal(success.status, 'Success');
    assert.ok(Date.parse(success.deletionTime!) >= Date.parse(success.createTime!));
    await expectApiError(() => m.client.getAccount(new models.GetAccountRequest({ accountId: id })), 404, 'EntityNotExists.Account');
    const listed = (await m.client.listAccounts(new models.ListAccountsRequest({}))).body!;
    assert.deepEqual(
      listed.accounts!.account!.map((a) => a.accountId),
      [m.account.accountId],
    );
    assert.equal(
      (await checkResult(m, id)).accountDeletionCheckResultInfo!.status,
      'PreCheckComplete',
      'the check result outlives the account',
    );
    await expectApiError(() => check(m, id), 404, 'EntityNotExists.Account');
    await expectApiError(() => del(m, id), 404, 'EntityNotExists.Account');
    await m.client.destroyResourceDirectory();
  });

  test('DeleteAccount with no finished check runs its own: Checking, then Deleting, then Success', async () => {
    const m = await newManager(harness);
    const id = await newResourceAccount(m, 'Unchecked');
    await enableDeletion(m);
    // No check at all: the deletion starts with one of its own.
    const deleted = await del(m, id);
    assert.equal(deleted.deletionType, '0');
    const checking = (await status(m, id)).rdAccountDeletionStatus!;
    assert.equal(checking.status, 'Checking');
    assert.equal(checking.deletionTime, undefined);
    assert.equal((await checkResult(m, id)).accountDeletionCheckResultInfo!.status, 'PreChecking');
    await expectApiError(() => del(m, id), 409, 'NotSupportedOperation.DeletingAccount');
    await harness.advanceClock(5);
    assert.equal((await status(m, id)).rdAccountDeletionStatus!.status, 'Deleting');
    assert.equal((await checkResult(m, id)).accountDeletionCheckResultInfo!.status, 'PreCheckComplete');
    await harness.advanceClock(10);
    assert.equal((await status(m, id)).rdAccountDeletionStatus!.status, 'Success');
    await expectApiError(() => m.client.getAccount(new models.GetAccountRequest({ accountId: id })), 404, 'EntityNotExists.Account');

    // A check still running: the deletion waits for it, then takes its own time.
    const other = await newResourceAccount(m, 'Half Checked');
    await check(m, other);
    await harness.advanceClock(2);
    await del(m, other);
    assert.equal((await status(m, other)).rdAccountDeletionStatus!.status, 'Checking');
    await harness.advanceClock(3);
    assert.equal((await status(m, other)).rdAccountDeletionStatus!.status, 'Deleting');
    await harness.advanceClock(9);
    assert.equal((await status(m, other)).rdAccountDeletionStatus!.status, 'Deleting', 'due 10 s after the check completed');
    await harness.advanceClock(1);
    assert.equal((await status(m, other)).rdAccountDeletionStatus!.status, 'Success');
  });

  test('the 2022-04-19 DeleteAccount names a deletion under way ExistProcessingDeleteFlow.DeleteAccount', async () => {
    const m = await newManager(harness);
    const id = await newResourceAccount(m, 'Twice Deleted');
    await enableDeletion(m);
    await del(m, id);
    const master = rdmClient(harness, m.account);
    await expectApiError(() => master.request('DeleteAccount', { AccountId: id }), 409, 'ExistProcessingDeleteFlow.DeleteAccount');
    await expectApiError(() => del(m, id), 409, 'NotSupportedOperation.DeletingAccount');
  });

  test('a due deletion completes for whichever read comes first: DestroyResourceDirectory', async () => {
    const m = await newManager(harness);
    const id = await newResourceAccount(m, 'Gone Soon');
    await enableDeletion(m);
    await check(m, id);
    await harness.advanceClock(5);
    await del(m, id);
    await harness.advanceClock(10);
    await m.client.destroyResourceDirectory();
  });

  test('a due deletion completes for every operation on the directory: DeleteFolder no longer counts the member', async () => {
    const m = await newManager(harness);
    const folder = (await m.client.createFolder(new models.CreateFolderRequest({ folderName: 'Sandbox' }))).body!.folder!.folderId!;
    const id = await m.client
      .createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'Sandbox One', parentFolderId: folder }))
      .then((r) => r.body!.account!.accountId!);
    await enableDeletion(m);
    await check(m, id);
    await harness.advanceClock(5);
    await del(m, id);
    await expectApiError(
      () => m.client.deleteFolder(new models.DeleteFolderRequest({ folderId: folder })),
      409,
      'DeleteConflict.Folder.Account',
    );
    await harness.advanceClock(10);
    // The folder operation is the first read after the deletion fell due: it finishes the deletion first.
    const deleted = await m.client.deleteFolder(new models.DeleteFolderRequest({ folderId: folder }));
    assert.match(deleted.body!.requestId!, /^[0-9A-F-]{36}$/);
    assert.equal((await status(m, id)).rdAccountDeletionStatus!.status, 'Success');
  });

  test("a deleted member's keys stop working once its deletion is due, with no other request in between", async () => {
    const m = await newManager(harness);
    const id = await newResourceAccount(m, 'Key Holder');
    const root = await memberKey(harness, id);
    const ram = await memberKey(harness, id, { ramUser: 'ops' });
    const asMember = (account: TestAccount) => sdkClient(harness, account).getResourceDirectory();
    assert.equal((await asMember(root)).body!.resourceDirectory!.resourceDirectoryId, m.rdId);
    await enableDeletion(m);
    await del(m, id);
    await harness.advanceClock(5 + 9);
    assert.equal((await asMember(ram)).statusCode, 200, 'a second before the deletion is due the key still works');

    await harness.advanceClock(1);
    await expectApiError(() => asMember(root), 404, 'InvalidAccessKeyId.NotFound');
    await expectApiError(() => popClient(harness, ram, 'GET').request('GetResourceDirectory'), 404, 'InvalidAccessKeyId.NotFound');
    // The refused lookup completed the deletion itself: the account is gone before the directory was read.
    const accounts = (await harness.admin('GET', '/_canopy/accounts')).body.accounts as { accountId: string }[];
    assert.equal(
      accounts.find((a) => a.accountId === id),
      undefined,
    );
    assert.equal((await status(m, id)).rdAccountDeletionStatus!.status, 'Success');
  });

  test('errors: parameters, callers, account types, the deletion switch, no check', async () => {
    const m = await newManager(harness);
    const id = await newResourceAccount(m, 'Target');
    for (const call of [check, checkResult, del, status] as ((m: Manager, id?: string) => Promise<unknown>)[]) {
      await expectApiError(() => call(m), 400, 'MissingParameter.AccountId');
      await expectApiError(() => call(m, '12345'), 400, 'InvalidParameter.AccountId');
      await expectApiError(() => call(m, '1234567890123456'), 404, 'EntityNotExists.Account');
    }
    // A member of no deletion yet: no check result and no status.
    await expectApiError(() => checkResult(m, id), 409, 'EntityNotExists.CheckAccount');
    await expectApiError(() => status(m, id), 409, 'EntityNotExists.CheckAccount');

    // Member deletion is disabled by default.
    await expectApiError(() => check(m, id), 409, 'NoLicense.ResourceDirectory');
    await expectApiError(() => del(m, id), 409, 'NoLicense.ResourceDirectory');
    await enableDeletion(m);
    const pop = popClient(harness, m.account, 'POST');
    await expectApiError(() => pop.request('DeleteAccount', { AccountId: id, AbandonableCheckId: 'not json' }), 400, 'InvalidParameter');
    await expectApiError(() => pop.request('DeleteAccount', { AccountId: id, AbandonableCheckId: '[1]' }), 400, 'InvalidParameter');

    // The management account and invited (cloud-account) members are not resource accounts.
    await expectApiError(() => check(m, m.account.accountId), 409, 'AccountTypeOrStatusMismatch');
    await expectApiError(() => del(m, m.account.accountId), 409, 'MemberTypeError.DeleteAccount');
    const invitee = await harness.createAccount();
    const handshake = (
      await m.client.inviteAccountToResourceDirectory(
        new models.InviteAccountToResourceDirectoryRequest({ targetEntity: invitee.accountId, targetType: 'Account' }),
      )
    ).body!.handshake!;
    const inviteeClient = sdkClient(harness, invitee);
    await inviteeClient.acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshake.handshakeId }));
    await expectApiError(() => check(m, invitee.accountId), 409, 'AccountTypeOrStatusMismatch');
    await expectApiError(() => del(m, invitee.accountId), 409, 'MemberTypeError.DeleteAccount');

    // Only the management account: a member or a standalone account manages no directory.
    const member: Manager = { account: invitee, client: inviteeClient, rdId: m.rdId };
    const outsider = await harness.createAccount();
    const stranger: Manager = { account: outsider, client: sdkClient(harness, outsider), rdId: '' };
    for (const who of [member, stranger]) {
      for (const call of [check, checkResult, del, status] as ((m: Manager, id?: string) => Promise<unknown>)[]) {
        await expectApiError(() => call(who, id), 404, 'EntityNotExists.ResourceDirectory');
      }
    }
    // Another directory's member does not exist here.
    const other = await newManager(harness);
    await expectApiError(() => check(other, id), 404, 'EntityNotExists.Account');

    // Disabling the switch after a check blocks the deletion.
    await check(m, id);
    await harness.advanceClock(5);
    await enableDeletion(m, 'Disabled');
    await expectApiError(() => del(m, id), 409, 'NoLicense.ResourceDirectory');
  });
});

for (const engine of RACE_ENGINES) {
  describeUnlessSkipped(`a deleted member's keys under concurrency (${engine})`, { skip: engineSkip(engine) }, () => {
    let harness: Harness;
    before(async () => {
      harness = await startServerOn(engine, { CANOPY_DELETION_CHECK_SECONDS: '0', CANOPY_DELETION_SECONDS: '10' });
    });
    after(() => harness?.close());

    test('at the due time, 20 parallel requests with its keys and 5 reads of the directory: every key is refused, the deletion completes once', async () => {
      const m = await newManager(harness);
      const id = await newResourceAccount(m, 'Raced Away');
      const keys = [await memberKey(harness, id), await memberKey(harness, id, { ramUser: 'ops' })];
      await enableDeletion(m);
      await del(m, id);
      await harness.advanceClock(10);
      const byKey = Array.from({ length: 20 }, (_, i) => sdkClient(harness, keys[i % 2]!).getResourceDirectory());
      const reads = Array.from({ length: 5 }, () => status(m, id));
      const [keyed, read] = await Promise.all([Promise.allSettled(byKey), Promise.all(reads)]);
      for (const result of keyed)
        await expectApiError(
          () => (result.status === 'rejected' ? Promise.reject(result.reason) : Promise.resolve()),
          404,
          'InvalidAccessKeyId.NotFound',
        );
      for (const answer of read) assert.equal(answer.rdAccountDeletionStatus!.status, 'Success');
      await expectApiError(() => m.client.getAccount(new models.GetAccountRequest({ accountId: id })), 404, 'EntityNotExists.Account');
    });
  });
}
