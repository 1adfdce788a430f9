import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectApiError, models, sdkClient, startServer, type Harness, type TestAccount } from '../helpers/harness.js';

const PHONE = '1-2025550123';
const MEMBER_PHONE = '44-7911123456';

let harness: Harness;
before(async () => (harness = await startServer()));
after(() => harness.close());

/**
 * The whole life of a directory through the official SDK, as issue 5 lays it out: enable with a new
 * management account, folders three deep, a resource account, an invitation accepted, a move, a
 * phone bound with a code read from the inbox, removals, a deletion on the emulator clock, destroy.
 */
test('a resource directory from enable to destroy', async () => {
  // Enable: the caller becomes a member of a directory run by a new management account.
  const founder = await harness.createAccount({ displayName: 'Founder' });
  const founderClient = sdkClient(harness, founder);
  await founderClient.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: PHONE }));
  const enabled = await founderClient.enableResourceDirectory(
    new models.EnableResourceDirectoryRequest({
      enableMode: 'NewManagementAccount',
      MAName: 'life@rdadmin.aliyunid.com',
      MASecureMobilePhone: PHONE,
      verificationCode: await harness.latestCode(PHONE, founder.accountId),
    }),
  );
  const rd = enabled.body!.resourceDirectory!;
  const rootKey = await harness.admin('POST', `/_canopy/accounts/${rd.masterAccountId}/access-keys`);
  const ramKey = await harness.admin('POST', `/_canopy/accounts/${rd.masterAccountId}/access-keys`, { ramUser: 'ops' });
  const ma = sdkClient(harness, { ...founder, ...rootKey.body, accountId: rd.masterAccountId! } as TestAccount);
  const maRam = sdkClient(harness, { ...founder, ...ramKey.body, accountId: rd.masterAccountId! } as TestAccount);

  // Folders three deep.
  let parent = rd.rootFolderId!;
  const folders: string[] = [];
  for (const name of ['prod', 'apps', 'web']) {
    const created = await ma.createFolder(new models.CreateFolderRequest({ folderName: name, parentFolderId: parent }));
    parent = created.body!.folder!.folderId!;
    folders.push(parent);
  }
  const ancestors = await ma.listAncestors(new models.ListAncestorsRequest({ childId: folders[2] }));
  assert.deepEqual(
    ancestors.body!.folders!.folder!.map((f) => f.folderName),
    ['Root', 'prod', 'apps'],
  );

  // A resource account in the deepest folder.
  const resource = await ma.createResourceAccount(
    new models.CreateResourceAccountRequest({ displayName: 'web-prod', parentFolderId: folders[2] }),
  );
  const resourceId = resource.body!.account!.accountId!;
  assert.equal(resource.body!.account!.type, 'ResourceAccount');

  // An outsider invited by login name, accepting, then moved to `prod`.
  const outsider = await harness.createAccount({ accountName: 'partner@example.com' });
  const invited = await ma.inviteAccountToResourceDirectory(
    new models.InviteAccountToResourceDirectoryRequest({ targetEntity: 'partner@example.com', targetType: 'Email' }),
  );
  const outsiderClient = sdkClient(harness, outsider);
  await outsiderClient.acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: invited.body!.handshake!.handshakeId }));
  await ma.moveAccount(new models.MoveAccountRequest({ accountId: outsider.accountId, destinationFolderId: folders[0] }));
  const moved = await ma.getAccount(new models.GetAccountRequest({ accountId: outsider.accountId }));
  assert.equal(moved.body!.account!.folderId, folders[0]);
  assert.equal(moved.body!.account!.joinMethod, 'invited');

  // A phone bound to the resource account by a RAM user of the management account.
  await expectApiError(
    () =>
      ma.sendVerificationCodeForBindSecureMobilePhone(
        new models.SendVerificationCodeForBindSecureMobilePhoneRequest({ accountId: resourceId, secureMobilePhone: MEMBER_PHONE }),
      ),
    409,
    'CallerIdentityError',
  );
  const sent = await maRam.sendVerificationCodeForBindSecureMobilePhone(
    new models.SendVerificationCodeForBindSecureMobilePhoneRequest({ accountId: resourceId, secureMobilePhone: MEMBER_PHONE }),
  );
  assert.ok(Date.parse(sent.body!.expirationDate!) > Date.now());
  const inbox = await harness.admin('GET', `/_canopy/messages?accountId=${resourceId}&purpose=BindSecureMobilePhone`);
  await maRam.bindSecureMobilePhone(
    new models.BindSecureMobilePhoneRequest({
      accountId: resourceId,
      secureMobilePhone: MEMBER_PHONE,
      verificationCode: inbox.body.messages[0].code,
    }),
  );
  const accounts = (await harness.admin('GET', '/_canopy/accounts')).body.accounts;
  assert.equal(accounts.find((a: any) => a.accountId === resourceId).securePhone, MEMBER_PHONE);

  // Members out: the two cloud accounts removed, the resource account deleted on the clock.
  await expectApiError(() => ma.destroyResourceDirectory(), 409, 'DeleteConflict.ResourceDirectory.Account');
  await ma.removeCloudAccount(new models.RemoveCloudAccountRequest({ accountId: outsider.accountId }));
  await ma.removeCloudAccount(new models.RemoveCloudAccountRequest({ accountId: founder.accountId }));
  await ma.setMemberDeletionPermission(new models.SetMemberDeletionPermissionRequest({ status: 'Enabled' }));
  await ma.checkAccountDelete(new models.CheckAccountDeleteRequest({ accountId: resourceId }));
  await harness.advanceClock(60);
  const check = await ma.getAccountDeletionCheckResult(new models.GetAccountDeletionCheckResultRequest({ accountId: resourceId }));
  assert.equal(check.body!.accountDeletionCheckResultInfo!.allowDelete, 'true');
  const deletion = await ma.deleteAccount(new models.DeleteAccountRequest({ accountId: resourceId, abandonableCheckId: [] }));
  assert.equal(deletion.body!.deletionType, '0');
  await harness.advanceClock(60);
  const status = await ma.getAccountDeletionStatus(new models.GetAccountDeletionStatusRequest({ accountId: resourceId }));
  assert.equal(status.body!.rdAccountDeletionStatus!.status, 'Success');

  // Folders out, then the directory.
  await expectApiError(() => ma.destroyResourceDirectory(), 409, 'DeleteConflict.ResourceDirectory.Folder');
  for (const folderId of [...folders].reverse()) await ma.deleteFolder(new models.DeleteFolderRequest({ folderId }));
  await ma.destroyResourceDirectory();
  await expectApiError(() => ma.getResourceDirectory(), 404, 'ResourceDirectoryNotInUse');
  await expectApiError(() => outsiderClient.getResourceDirectory(), 404, 'ResourceDirectoryNotInUse');
  // The founder is standalone again and could start over.
  await founderClient.initResourceDirectory();
});
