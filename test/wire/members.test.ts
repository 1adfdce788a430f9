import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dropSchema, freshSchema, testDatabaseUrl } from '../contracts/engines.js';
import {
  expectApiError,
  models,
  newManager,
  popClient,
  sdkClient,
  startServer,
  type Harness,
  type Manager,
  type TestAccount,
} from '../helpers/harness.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const QUOTA = 300;

const createAccount = (m: Manager, p: Record<string, unknown>) =>
  m.client.createResourceAccount(new models.CreateResourceAccountRequest(p)).then((r) => r.body!.account!);

/** The caller of a NewManagementAccount enable, a CloudAccount member of the new directory. */
async function enableWithNewManager(harness: Harness, maName: string) {
  const caller = await harness.createAccount();
  const client = sdkClient(harness, caller);
  await client.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({}));
  const code = await harness.latestCode('1-2025550123', caller.accountId);
  const rd = (
    await client.enableResourceDirectory(
      new models.EnableResourceDirectoryRequest({ enableMode: 'NewManagementAccount', MAName: maName, verificationCode: code }),
    )
  ).body!.resourceDirectory!;
  const key = await harness.admin('POST', `/_canopy/accounts/${rd.masterAccountId}/access-keys`);
  assert.equal(key.status, 201, JSON.stringify(key.body));
  const ma: TestAccount = { accountId: rd.masterAccountId!, accountName: maName, ...key.body };
  return { caller, ma, rd };
}

describe('members through the official SDK', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer({ CANOPY_MEMBER_QUOTA: String(QUOTA) });
  });
  after(() => harness.close());

  test('lifecycle: create with tags, get, list, update, move, deletion permission', async () => {
    const m = await newManager(harness);
    const folder = (await m.client.createFolder(new models.CreateFolderRequest({ folderName: 'Apps' }))).body!.folder!;
    const a = await createAccount(m, { displayName: 'Dev Account', accountNamePrefix: 'Dev.Ops', tag: [{ key: 'env', value: 'dev' }] });
    assert.match(a.accountId!, /^\d{16}$/);
    assert.equal(a.accountName, `dev.ops@${m.rdId.toLowerCase()}.aliyunid.com`);
    assert.deepEqual(
      {
        displayName: a.displayName,
        folderId: a.folderId,
        joinMethod: a.joinMethod,
        status: a.status,
        type: a.type,
        rd: a.resourceDirectoryId,
      },
      {
        displayName: 'Dev Account',
        folderId: m.rootId,
        joinMethod: 'created',
        status: 'CreateSuccess',
        type: 'ResourceAccount',
        rd: m.rdId,
      },
    );
    const b = await createAccount(m, { displayName: 'Random_prefix-1', parentFolderId: folder.folderId });
    assert.match(b.accountName!, new RegExp(`^[a-z0-9]{12}@${m.rdId.toLowerCase()}\\.aliyunid\\.com$`));

    const got = (await m.client.getAccount(new models.GetAccountRequest({ accountId: a.accountId, includeTags: true }))).body!.account!;
    assert.deepEqual(
      got.tags!.map((t) => ({ ...t })),
      [{ key: 'env', value: 'dev' }],
    );
    assert.equal(got.resourceDirectoryPath, `${m.rdId}/${m.rootId}/${a.accountId}`);
    assert.equal(got.location, 'root');
    const noTags = (await m.client.getAccount(new models.GetAccountRequest({ accountId: b.accountId }))).body!.account!;
    assert.equal(noTags.tags, undefined);
    assert.equal(noTags.location, 'root/Apps');

    const list = (p: Record<string, unknown>) => m.client.listAccounts(new models.ListAccountsRequest(p)).then((r) => r.body!);
    const all = await list({ includeTags: true });
    assert.equal(all.totalCount, 3, 'the management account is listed too');
    assert.deepEqual(
      all.accounts!.account!.map((x) => x.accountId),
      [m.account.accountId, a.accountId, b.accountId],
    );
    assert.equal(all.accounts!.account![0]!.type, 'CloudAccount');
    assert.deepEqual(all.accounts!.account![0]!.tags!.tag, []);
    assert.equal(all.accounts!.account![2]!.resourceDirectoryPath, `${m.rdId}/${m.rootId}/${folder.folderId}/${b.accountId}`);
    const tagged = await list({ tag: [{ key: 'env', value: 'dev' }] });
    assert.deepEqual(
      tagged.accounts!.account!.map((x) => x.accountId),
      [a.accountId],
    );
    assert.equal(tagged.accounts!.account![0]!.tags, undefined);

    const forParent = (p: Record<string, unknown>) =>
      m.client.listAccountsForParent(new models.ListAccountsForParentRequest(p)).then((r) => r.body!);
    const inRoot = await forParent({});
    assert.equal(inRoot.totalCount, 2);
    assert.equal(inRoot.accounts!.account![0]!.resourceDirectoryPath, undefined);
    const inApps = await forParent({ parentFolderId: folder.folderId, queryKeyword: 'random' });
    assert.deepEqual(
      inApps.accounts!.account!.map((x) => x.accountId),
      [b.accountId],
      'a one-element page is an array',
    );
    const raw = await popClient(harness, m.account, 'POST').request('ListAccountsForParent', { QueryKeyword: 'nothing' });
    assert.deepEqual({ ...raw['Accounts'] }, { Account: [] });

    const updated = (await m.client.updateAccount(new models.UpdateAccountRequest({ accountId: a.accountId, newDisplayName: 'Dev 2' })))
      .body!.account!;
    assert.equal(updated.displayName, 'Dev 2');
    await m.client.moveAccount(new models.MoveAccountRequest({ accountId: a.accountId, destinationFolderId: folder.folderId }));
    assert.equal((await forParent({ parentFolderId: folder.folderId })).totalCount, 2);

    const perm = (await m.client.setMemberDeletionPermission(new models.SetMemberDeletionPermissionRequest({ status: 'Enabled' }))).body!;
    assert.deepEqual(
      { ...perm, requestId: undefined },
      { requestId: undefined, managementAccountId: m.account.accountId, memberDeletionStatus: 'Enabled', resourceDirectoryId: m.rdId },
    );
    assert.equal((await m.client.getResourceDirectory()).body!.resourceDirectory!.memberDeletionStatus, 'Enabled');
    await m.client.setMemberDeletionPermission(new models.SetMemberDeletionPermissionRequest({ status: 'Disabled' }));
    assert.equal((await m.client.getResourceDirectory()).body!.resourceDirectory!.memberDeletionStatus, 'Disabled');

    await expectApiError(() => m.client.destroyResourceDirectory(), 409, 'DeleteConflict.ResourceDirectory.Account');
  });

  test('paging over 250 members', async () => {
    const m = await newManager(harness);
    for (let i = 0; i < 250; i++) await createAccount(m, { displayName: `member ${String(i).padStart(3, '0')}` });
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const body = (await m.client.listAccounts(new models.ListAccountsRequest({ pageNumber: page, pageSize: 100 }))).body!;
      assert.equal(body.totalCount, 251);
      if (body.accounts!.account!.length === 0) break;
      seen.push(...body.accounts!.account!.map((x) => x.displayName!));
    }
    assert.equal(seen.length, 251);
    assert.equal(new Set(seen).size, 251);
    assert.deepEqual(seen.slice(1, 4), ['member 000', 'member 001', 'member 002'], 'oldest first');
    const page3 = (await m.client.listAccountsForParent(new models.ListAccountsForParentRequest({ pageNumber: 26 }))).body!;
    assert.equal(page3.pageSize, 10);
    assert.deepEqual(
      page3.accounts!.account!.map((x) => x.displayName),
      ['member 249'],
    );
  });

  test('NewManagementAccount: RemoveCloudAccount the caller, then DestroyResourceDirectory succeeds', async () => {
    const { caller, ma, rd } = await enableWithNewManager(harness, 'members-flow@rdadmin.aliyunid.com');
    const client = sdkClient(harness, ma);
    await expectApiError(() => client.destroyResourceDirectory(), 409, 'DeleteConflict.ResourceDirectory.Account');
    const got = (await client.getAccount(new models.GetAccountRequest({ accountId: caller.accountId }))).body!.account!;
    assert.equal(got.type, 'CloudAccount');
    assert.equal(got.joinMethod, 'invited');
    await client.removeCloudAccount(new models.RemoveCloudAccountRequest({ accountId: caller.accountId }));
    await expectApiError(() => sdkClient(harness, caller).getResourceDirectory(), 404, 'ResourceDirectoryNotInUse');
    await client.destroyResourceDirectory();
    assert.ok(rd.resourceDirectoryId);
    // The caller is standalone again and can run its own directory.
    await sdkClient(harness, caller).initResourceDirectory();
  });

  describe('documented errors', () => {
    let m: Manager;
    let resource: models.CreateResourceAccountResponseBodyAccount;
    let foreignAccount: models.CreateResourceAccountResponseBodyAccount;
    let foreignFolder: string;
    let standalone: TestAccount;
    let member: TestAccount;
    before(async () => {
      m = await newManager(harness);
      resource = await createAccount(m, { displayName: 'Taken', accountNamePrefix: 'taken' });
      const other = await newManager(harness);
      foreignAccount = await createAccount(other, { displayName: 'Foreign' });
      foreignFolder = (await other.client.createFolder(new models.CreateFolderRequest({ folderName: 'F' }))).body!.folder!.folderId!;
      standalone = await harness.createAccount();
      member = (await enableWithNewManager(harness, 'members-errors@rdadmin.aliyunid.com')).caller;
    });

    const calls = (account: TestAccount, scheme: 'V3' | 'V1' = 'V3') => {
      const c = sdkClient(harness, account, scheme);
      return {
        create: (p: Record<string, unknown>) => c.createResourceAccount(new models.CreateResourceAccountRequest(p)),
        get: (p: Record<string, unknown>) => c.getAccount(new models.GetAccountRequest(p)),
        list: (p: Record<string, unknown>) => c.listAccounts(new models.ListAccountsRequest(p)),
        forParent: (p: Record<string, unknown>) => c.listAccountsForParent(new models.ListAccountsForParentRequest(p)),
        update: (p: Record<string, unknown>) => c.updateAccount(new models.UpdateAccountRequest(p)),
        move: (p: Record<string, unknown>) => c.moveAccount(new models.MoveAccountRequest(p)),
        remove: (p: Record<string, unknown>) => c.removeCloudAccount(new models.RemoveCloudAccountRequest(p)),
        permission: (p: Record<string, unknown>) => c.setMemberDeletionPermission(new models.SetMemberDeletionPermissionRequest(p)),
      };
    };

    test('404 EntityNotExists.ResourceDirectory for a standalone account and for a member, on every operation', async () => {
      for (const [caller, scheme] of [
        [standalone, 'V3'],
        [member, 'V1'],
      ] as const) {
        const c = calls(caller, scheme);
        const e = (call: () => Promise<unknown>) => expectApiError(call, 404, 'EntityNotExists.ResourceDirectory');
        await e(() => c.create({ displayName: 'Xy' }));
        await e(() => c.get({ accountId: resource.accountId }));
        await e(() => c.list({}));
        await e(() => c.forParent({}));
        await e(() => c.update({ accountId: resource.accountId, newDisplayName: 'Xy' }));
        await e(() => c.move({ accountId: resource.accountId, destinationFolderId: m.rootId }));
        await e(() => c.remove({ accountId: resource.accountId }));
        // The directory's switches tell a member apart: it is in a directory it may not change.
        if (caller === member) await expectApiError(() => c.permission({ status: 'Enabled' }), 403, 'MemberAccountAccessDenied');
        else await e(() => c.permission({ status: 'Enabled' }));
      }
    });

    test('CreateResourceAccount', async () => {
      const c = calls(m.account);
      await expectApiError(() => c.create({}), 400, 'MissingParameter.Account.DisplayName');
      for (const bad of ['x', 'slash/name', ' lead', '研发部'])
        await expectApiError(() => c.create({ displayName: bad }), 400, 'InvalidParameter.Account.DisplayName');
      await expectApiError(() => c.create({ displayName: 'x'.repeat(51) }), 400, 'InvalidParameter.Account.DisplayName.Length');
      await expectApiError(() => c.create({ displayName: 'Taken' }), 409, 'InvalidParameter.Account.DisplayName.AlreadyUsed');
      for (const bad of ['a', 'a..b', '-ab', 'ab-', 'a b'])
        await expectApiError(
          () => c.create({ displayName: 'Px', accountNamePrefix: bad }),
          400,
          'InvalidParameter.Account.AccountNamePrefix',
        );
      // The shortest prefix: two characters.
      await c.create({ displayName: 'Two Letter Prefix', accountNamePrefix: 'ab' });
      await expectApiError(
        () => c.create({ displayName: 'Px', accountNamePrefix: 'a'.repeat(38) }),
        400,
        'InvalidParameter.Account.AccountNamePrefix.Length',
      );
      await expectApiError(
        () => c.create({ displayName: 'Px', accountNamePrefix: 'TAKEN' }),
        409,
        'EntityAlreadyExists.ResourceDirectory.Account',
      );
      await expectApiError(() => c.create({ displayName: 'Px', parentFolderId: 'nope' }), 400, 'InvalidParameter.ParentFolderId');
      await expectApiError(() => c.create({ displayName: 'Px', parentFolderId: 'fd-0000000000' }), 404, 'EntityNotExists.Folder');
      await expectApiError(() => c.create({ displayName: 'Px', parentFolderId: foreignFolder }), 404, 'EntityNotExists.Folder');
      const pop = popClient(harness, m.account, 'GET');
      await expectApiError(() => pop.request('CreateResourceAccount', { DisplayName: 'Px', 'Tag.1.Value': 'v' }), 400, 'MissingParameter');
      await expectApiError(
        () => pop.request('CreateResourceAccount', { DisplayName: 'Px', 'Tag.1.Key': 'k', 'Tag.2.Key': 'k' }),
        400,
        'InvalidParameter',
      );
    });

    test('CreateResourceAccount: LimitExceeded.Account at the member quota', async () => {
      const small = await startServer({ CANOPY_MEMBER_QUOTA: '2' });
      try {
        const s = await newManager(small);
        await createAccount(s, { displayName: 'one' });
        await createAccount(s, { displayName: 'two' });
        await expectApiError(() => createAccount(s, { displayName: 'three' }), 409, 'LimitExceeded.Account');
      } finally {
        await small.close();
      }
    });

    test('GetAccount', async () => {
      const c = calls(m.account, 'V1');
      await expectApiError(() => c.get({}), 400, 'MissingParameter.AccountId');
      await expectApiError(() => c.get({ accountId: '12345' }), 400, 'InvalidParameter.AccountId');
      await expectApiError(() => c.get({ accountId: '1000000000000000' }), 404, 'EntityNotExists.Account');
      await expectApiError(() => c.get({ accountId: foreignAccount.accountId }), 404, 'EntityNotExists.Account');
      await expectApiError(() => c.get({ accountId: standalone.accountId }), 404, 'EntityNotExists.Account');
    });

    test('ListAccounts and ListAccountsForParent', async () => {
      const c = calls(m.account);
      for (const pageSize of [0, 101]) await expectApiError(() => c.list({ pageSize }), 400, 'InvalidParameter');
      await expectApiError(() => c.forParent({ parentFolderId: 'x-1' }), 400, 'InvalidParameter.ParentFolderId');
      await expectApiError(() => c.forParent({ parentFolderId: 'fd-0000000000' }), 404, 'EntityNotExists.Folder');
      await expectApiError(() => c.forParent({ parentFolderId: foreignFolder }), 404, 'EntityNotExists.Folder');
    });

    test('UpdateAccount', async () => {
      const c = calls(m.account);
      await expectApiError(() => c.update({ newDisplayName: 'Xy' }), 400, 'MissingParameter.AccountId');
      await expectApiError(() => c.update({ accountId: 'abc', newDisplayName: 'Xy' }), 400, 'InvalidParameter.AccountId');
      await expectApiError(() => c.update({ accountId: resource.accountId }), 409, 'MissingDisplayNameOrAccountType');
      await expectApiError(
        () => c.update({ accountId: resource.accountId, newDisplayName: 'Xy', newAccountType: 'CloudAccount' }),
        400,
        'InvalidParameter',
      );
      // Switching types: to the type it has, or the management account at all, is AccountTypeMismatch;
      // a resource account with no secure phone or email cannot become a cloud account.
      await expectApiError(
        () => c.update({ accountId: resource.accountId, newAccountType: 'ResourceAccount' }),
        409,
        'AccountTypeMismatch',
      );
      await expectApiError(
        () => c.update({ accountId: m.account.accountId, newAccountType: 'ResourceAccount' }),
        409,
        'AccountTypeMismatch',
      );
      await expectApiError(() => c.update({ accountId: resource.accountId, newAccountType: 'CloudAccount' }), 409, 'MissingSecurityInfo');
      await expectApiError(
        () => c.update({ accountId: resource.accountId, newDisplayName: 'a/b' }),
        400,
        'InvalidParameter.Account.DisplayName',
      );
      await expectApiError(
        () => c.update({ accountId: resource.accountId, newDisplayName: 'y'.repeat(51) }),
        400,
        'InvalidParameter.Account.DisplayName.Length',
      );
      const second = await createAccount(m, { displayName: 'Second' });
      await expectApiError(
        () => c.update({ accountId: second.accountId, newDisplayName: 'Taken' }),
        409,
        'InvalidParameter.Account.DisplayName.AlreadyUsed',
      );
      await expectApiError(() => c.update({ accountId: foreignAccount.accountId, newDisplayName: 'Xy' }), 404, 'EntityNotExists.Account');
    });

    test('MoveAccount', async () => {
      const c = calls(m.account, 'V1');
      await expectApiError(() => c.move({ destinationFolderId: m.rootId }), 400, 'MissingParameter.AccountId');
      await expectApiError(() => c.move({ accountId: 'x', destinationFolderId: m.rootId }), 400, 'InvalidParameter.AccountId');
      await expectApiError(() => c.move({ accountId: resource.accountId }), 400, 'MissingParameter.DestinationFolderId');
      await expectApiError(
        () => c.move({ accountId: resource.accountId, destinationFolderId: 'root' }),
        400,
        'InvalidParameter.DestinationFolderId',
      );
      await expectApiError(
        () => c.move({ accountId: foreignAccount.accountId, destinationFolderId: m.rootId }),
        404,
        'EntityNotExists.Account',
      );
      await expectApiError(
        () => c.move({ accountId: resource.accountId, destinationFolderId: foreignFolder }),
        404,
        'EntityNotExists.Folder',
      );
    });

    test('RemoveCloudAccount', async () => {
      const c = calls(m.account);
      await expectApiError(() => c.remove({}), 400, 'MissingParameter.AccountId');
      await expectApiError(() => c.remove({ accountId: '1' }), 400, 'InvalidParameter.AccountId');
      await expectApiError(() => c.remove({ accountId: foreignAccount.accountId }), 404, 'EntityNotExists.Account');
      await expectApiError(() => c.remove({ accountId: resource.accountId }), 409, 'AccountTypeOrStatusMismatch');
      await expectApiError(() => c.remove({ accountId: m.account.accountId }), 409, 'AccountTypeOrStatusMismatch');
    });

    test('SetMemberDeletionPermission', async () => {
      const c = calls(m.account);
      await expectApiError(() => c.permission({}), 400, 'MissingParameter');
      await expectApiError(() => c.permission({ status: 'On' }), 400, 'InvalidParameter.Status');
    });
  });
});

describeUnlessSkipped('members on PostgreSQL', { skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let harness: Harness;
  const schema = freshSchema('canopy_members');
  before(async () => {
    harness = await startServer({
      DATABASE_URL: testDatabaseUrl!,
      CANOPY_DATABASE_SCHEMA: schema,
      CANOPY_STORE: '',
      CANOPY_MEMBER_QUOTA: '8',
    });
  });
  after(async () => {
    await harness?.close();
    await dropSchema(testDatabaseUrl!, schema);
  });

  test('member creation racing the quota over HTTP: exactly the quota wins', async () => {
    const m = await newManager(harness);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => createAccount(m, { displayName: `racer ${i}` })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 8);
    for (const r of results)
      if (r.status === 'rejected') await expectApiError(() => Promise.reject(r.reason), 409, 'LimitExceeded.Account');
  });

  test('two creations with one display name over HTTP: one wins', async () => {
    const m = await newManager(harness);
    const results = await Promise.allSettled([0, 1].map(() => createAccount(m, { displayName: 'same name' })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    await expectApiError(() => Promise.reject(failed.reason), 409, 'InvalidParameter.Account.DisplayName.AlreadyUsed');
  });
});
