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

const FOLDER_ID = /^fd-[A-Za-z0-9]{10}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const QUOTA = 12;

const create = (m: Manager, name: string | undefined, parentFolderId?: string) =>
  m.client.createFolder(new models.CreateFolderRequest({ folderName: name, parentFolderId })).then((r) => r.body!.folder!);

/** Two CreateFolder calls with one name under one parent, side by side: one 200, one AlreadyUsed. */
async function raceCreate(harness: Harness, rounds: number): Promise<void> {
  const m = await newManager(harness);
  const parent = await create(m, 'Parent');
  for (let round = 0; round < rounds; round++) {
    const name = `Race${round}`;
    const clients = [sdkClient(harness, m.account), sdkClient(harness, m.account, 'V1')];
    const results = await Promise.allSettled(
      clients.map((client) => client.createFolder(new models.CreateFolderRequest({ folderName: name, parentFolderId: parent.folderId }))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(ok.length, 1, `round ${round}: exactly one CreateFolder wins`);
    assert.equal(failed.length, 1);
    await expectApiError(() => Promise.reject(failed[0]!.reason), 400, 'InvalidParameter.Folder.Name.AlreadyUsed');
    const list = await m.client.listFoldersForParent(
      new models.ListFoldersForParentRequest({ parentFolderId: parent.folderId, queryKeyword: name }),
    );
    assert.equal(list.body!.totalCount, 1);
  }
}

describe('folders through the official SDK', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer({ CANOPY_FOLDER_QUOTA: String(QUOTA) });
  });
  after(() => harness.close());

  test('lifecycle: three deep, paging and keyword, rename, ancestors, delete, destroy', async () => {
    const m = await newManager(harness);
    const a = await create(m, 'Engineering');
    assert.match(a.folderId!, FOLDER_ID);
    assert.match(a.createTime!, ISO);
    assert.equal(a.folderName, 'Engineering');
    assert.equal(a.parentFolderId, m.rootId, 'no ParentFolderId means Root');
    const b = await create(m, 'Platform', a.folderId);
    const c = await create(m, 'team_db-1.0', b.folderId);
    assert.equal(c.parentFolderId, b.folderId);

    // GetFolder: the path runs from the directory through Root to the folder itself.
    const got = (await m.client.getFolder(new models.GetFolderRequest({ folderId: c.folderId }))).body!.folder!;
    assert.deepEqual(
      { ...got },
      {
        ...new models.GetFolderResponseBodyFolder({
          createTime: c.createTime,
          folderId: c.folderId,
          folderName: 'team_db-1.0',
          parentFolderId: b.folderId,
          resourceDirectoryPath: `${m.rdId}/${m.rootId}/${a.folderId}/${b.folderId}/${c.folderId}`,
        }),
      },
    );
    const root = (await m.client.getFolder(new models.GetFolderRequest({ folderId: m.rootId }))).body!.folder!;
    assert.equal(root.folderName, 'Root');
    assert.equal(root.parentFolderId, undefined, 'Root has no ParentFolderId');
    assert.equal(root.resourceDirectoryPath, `${m.rdId}/${m.rootId}`);

    // Paging over seven children of B (plus C), keyword search, only direct children.
    const kids: models.CreateFolderResponseBodyFolder[] = [];
    for (let i = 0; i < 6; i++) kids.push(await create(m, `svc-${i}`, b.folderId));
    const list = (request: Record<string, unknown>) =>
      m.client.listFoldersForParent(new models.ListFoldersForParentRequest(request)).then((r) => r.body!);
    const page1 = await list({ parentFolderId: b.folderId, pageSize: 3 });
    assert.equal(page1.totalCount, 7);
    assert.equal(page1.pageNumber, 1);
    assert.equal(page1.pageSize, 3);
    assert.deepEqual(
      page1.folders!.folder!.map((f) => f.folderId),
      [c.folderId, kids[0]!.folderId, kids[1]!.folderId],
    );
    const page3 = await list({ parentFolderId: b.folderId, pageSize: 3, pageNumber: 3 });
    assert.deepEqual(
      page3.folders!.folder!.map((f) => f.folderName),
      ['svc-5'],
      'a one-element page is still an array',
    );
    const beyond = await list({ parentFolderId: b.folderId, pageSize: 3, pageNumber: 9 });
    assert.deepEqual(beyond.folders!.folder, []);
    assert.equal(beyond.totalCount, 7);
    const keyword = await list({ parentFolderId: b.folderId, queryKeyword: 'SVC-' });
    assert.equal(keyword.totalCount, 6);
    assert.equal(keyword.pageSize, 10, 'default page size');
    const top = await list({});
    assert.deepEqual(
      top.folders!.folder!.map((f) => ({ ...f })),
      [{ createTime: a.createTime, folderId: a.folderId, folderName: 'Engineering' }],
    );

    // The legacy client (V1, POST form body) sees the same shapes, numbers as JSON numbers.
    const pop = popClient(harness, m.account, 'POST');
    const raw = await pop.request('ListFoldersForParent', { ParentFolderId: b.folderId, PageSize: 2, QueryKeyword: 'svc-5' });
    assert.equal(raw['TotalCount'], 1);
    assert.equal(raw['PageSize'], 2);
    assert.ok(Array.isArray(raw['Folders'].Folder));
    const rawAncestors = await popClient(harness, m.account, 'GET').request('ListAncestors', { ChildId: a.folderId });
    assert.deepEqual(
      rawAncestors['Folders'].Folder.map((f: any) => f.FolderName),
      ['Root'],
    );

    // Rename.
    const renamed = (await m.client.updateFolder(new models.UpdateFolderRequest({ folderId: b.folderId, newFolderName: 'Platform2' })))
      .body!.folder!;
    assert.deepEqual(
      { ...renamed },
      { createTime: b.createTime, folderId: b.folderId, folderName: 'Platform2', parentFolderId: a.folderId },
    );
    const same = (await m.client.updateFolder(new models.UpdateFolderRequest({ folderId: b.folderId, newFolderName: 'Platform2' }))).body!
      .folder!;
    assert.equal(same.folderName, 'Platform2', 'renaming to the current name is a no-op');

    // Ancestors: Root first, the child itself left out.
    const ancestors = (await m.client.listAncestors(new models.ListAncestorsRequest({ childId: c.folderId }))).body!.folders!.folder!;
    assert.deepEqual(
      ancestors.map((f) => f.folderName),
      ['Root', 'Engineering', 'Platform2'],
    );
    assert.deepEqual(
      ancestors.map((f) => f.folderId),
      [m.rootId, a.folderId, b.folderId],
    );
    const ofRoot = (await m.client.listAncestors(new models.ListAncestorsRequest({ childId: m.rootId }))).body!.folders!.folder;
    assert.deepEqual(ofRoot, []);

    // Destroy refuses while folders remain; delete bottom-up, then destroy.
    await expectApiError(() => m.client.destroyResourceDirectory(), 409, 'DeleteConflict.ResourceDirectory.Folder');
    const v1 = sdkClient(harness, m.account, 'V1');
    for (const f of [...kids, c, b, a]) await v1.deleteFolder(new models.DeleteFolderRequest({ folderId: f.folderId }));
    await expectApiError(() => m.client.getFolder(new models.GetFolderRequest({ folderId: a.folderId })), 404, 'EntityNotExists.Folder');
    assert.equal((await list({})).totalCount, 0);
    await m.client.destroyResourceDirectory();
  });

  test('depth: five levels below Root are fine, a sixth is refused', async () => {
    const m = await newManager(harness);
    let parent = m.rootId;
    for (let level = 1; level <= 5; level++) parent = (await create(m, `L${level}`, parent)).folderId!;
    await expectApiError(() => create(m, 'L6', parent), 409, 'LimitExceeded.Folder.Depth');
    const path = (await m.client.getFolder(new models.GetFolderRequest({ folderId: parent }))).body!.folder!.resourceDirectoryPath!;
    assert.equal(path.split('/').length, 7);
    assert.equal((await m.client.listAncestors(new models.ListAncestorsRequest({ childId: parent }))).body!.folders!.folder!.length, 5);
  });

  test(`quota: ${QUOTA} folders per directory (CANOPY_FOLDER_QUOTA), Root not counted; a deletion frees a slot`, async () => {
    const m = await newManager(harness);
    const made: models.CreateFolderResponseBodyFolder[] = [];
    for (let i = 0; i < QUOTA; i++) made.push(await create(m, `q${i}`, i % 2 ? made[0]?.folderId : undefined));
    await expectApiError(() => create(m, 'one-too-many'), 409, 'QuotaExceeded.Folder.Count');
    const other = await newManager(harness);
    await create(other, 'q0');
    await m.client.deleteFolder(new models.DeleteFolderRequest({ folderId: made[QUOTA - 1]!.folderId }));
    await create(m, 'fits-again');
  });

  test('names: letters, digits, _ . - up to 24 characters; unique per parent, case-sensitively', async () => {
    const m = await newManager(harness);
    const max = await create(m, 'A'.repeat(24));
    assert.equal(max.folderName!.length, 24);
    const a = await create(m, 'Dev');
    await create(m, 'dev');
    await create(m, 'Dev', a.folderId);
    for (const bad of ['has space', 'slash/x', '研发', 'emoji😀', 'a,b']) {
      await expectApiError(() => create(m, bad), 400, 'InvalidParameter.Folder.Name');
    }
  });

  test('China site: Chinese characters are allowed in folder names', async () => {
    const china = await startServer({ CANOPY_SITE: 'china' });
    try {
      const m = await newManager(china);
      const f = await create(m, '研发部_Dev');
      assert.equal(f.folderName, '研发部_Dev');
      await expectApiError(() => create(m, '研发 部'), 400, 'InvalidParameter.Folder.Name');
    } finally {
      await china.close();
    }
  });

  test('two concurrent CreateFolder with one name under one parent: one 200, one AlreadyUsed', () => raceCreate(harness, 5));

  describe('documented errors', () => {
    let m: Manager;
    let folder: models.CreateFolderResponseBodyFolder;
    let child: models.CreateFolderResponseBodyFolder;
    let foreign: models.CreateFolderResponseBodyFolder;
    let standalone: TestAccount;
    let member: TestAccount;
    before(async () => {
      m = await newManager(harness);
      folder = await create(m, 'Parent');
      child = await create(m, 'Child', folder.folderId);
      foreign = await create(await newManager(harness), 'Foreign');
      standalone = await harness.createAccount();
      // A member: the caller of a NewManagementAccount enable joins the new directory.
      member = await harness.createAccount();
      const client = sdkClient(harness, member);
      await client.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({}));
      const code = await harness.latestCode('1-2025550123', member.accountId);
      await client.enableResourceDirectory(
        new models.EnableResourceDirectoryRequest({
          enableMode: 'NewManagementAccount',
          MAName: 'folders-ma@rdadmin.aliyunid.com',
          verificationCode: code,
        }),
      );
    });

    /** Every folder operation, called by `account` with `params` for the parameters it takes. */
    const calls = (account: TestAccount, scheme: 'V3' | 'V1' = 'V3') => {
      const c = sdkClient(harness, account, scheme);
      return {
        create: (p: Record<string, unknown>) => c.createFolder(new models.CreateFolderRequest(p)),
        get: (p: Record<string, unknown>) => c.getFolder(new models.GetFolderRequest(p)),
        list: (p: Record<string, unknown>) => c.listFoldersForParent(new models.ListFoldersForParentRequest(p)),
        update: (p: Record<string, unknown>) => c.updateFolder(new models.UpdateFolderRequest(p)),
        delete: (p: Record<string, unknown>) => c.deleteFolder(new models.DeleteFolderRequest(p)),
        ancestors: (p: Record<string, unknown>) => c.listAncestors(new models.ListAncestorsRequest(p)),
      };
    };

    test('404 EntityNotExists.ResourceDirectory for a standalone account and for a member, on every operation', async () => {
      for (const [caller, scheme] of [
        [standalone, 'V3'],
        [member, 'V1'],
      ] as const) {
        const c = calls(caller, scheme);
        await expectApiError(() => c.create({ folderName: 'X' }), 404, 'EntityNotExists.ResourceDirectory');
        await expectApiError(() => c.get({ folderId: folder.folderId }), 404, 'EntityNotExists.ResourceDirectory');
        await expectApiError(() => c.list({}), 404, 'EntityNotExists.ResourceDirectory');
        await expectApiError(() => c.update({ folderId: folder.folderId, newFolderName: 'X' }), 404, 'EntityNotExists.ResourceDirectory');
        await expectApiError(() => c.delete({ folderId: folder.folderId }), 404, 'EntityNotExists.ResourceDirectory');
        await expectApiError(() => c.ancestors({ childId: folder.folderId }), 404, 'EntityNotExists.ResourceDirectory');
      }
    });

    test('CreateFolder', async () => {
      const c = calls(m.account);
      await expectApiError(() => c.create({}), 400, 'MissingParameter.Folder.Name');
      await expectApiError(() => c.create({ folderName: '' }), 400, 'MissingParameter.Folder.Name');
      await expectApiError(() => c.create({ folderName: 'bad name' }), 400, 'InvalidParameter.Folder.Name');
      await expectApiError(() => c.create({ folderName: 'A'.repeat(25) }), 400, 'InvalidParameter.Folder.Name.Length');
      await expectApiError(() => c.create({ folderName: 'Parent' }), 400, 'InvalidParameter.Folder.Name.AlreadyUsed');
      await expectApiError(() => c.create({ folderName: 'X', parentFolderId: 'nope' }), 400, 'InvalidParameter.ParentFolderId');
      await expectApiError(() => c.create({ folderName: 'X', parentFolderId: 'fd-0000000000' }), 404, 'EntityNotExists.Folder');
      await expectApiError(() => c.create({ folderName: 'X', parentFolderId: foreign.folderId }), 404, 'EntityNotExists.Folder');
      // LimitExceeded.Folder.Depth and QuotaExceeded.Folder.Count: see the depth and quota tests above.
      const pop = popClient(harness, m.account, 'POST');
      await expectApiError(
        () => pop.request('CreateFolder', { FolderName: 'Child', ParentFolderId: folder.folderId }),
        400,
        'InvalidParameter.Folder.Name.AlreadyUsed',
      );
    });

    test('GetFolder', async () => {
      const c = calls(m.account, 'V1');
      await expectApiError(() => c.get({}), 400, 'MissingParameter.FolderId');
      await expectApiError(() => c.get({ folderId: 'fd-short' }), 400, 'InvalidParameter.FolderId');
      await expectApiError(() => c.get({ folderId: 'fd-0000000000' }), 404, 'EntityNotExists.Folder');
      await expectApiError(() => c.get({ folderId: foreign.folderId }), 404, 'EntityNotExists.Folder');
    });

    test('ListFoldersForParent', async () => {
      const c = calls(m.account);
      await expectApiError(() => c.list({ parentFolderId: 'x-1' }), 400, 'InvalidParameter.ParentFolderId');
      await expectApiError(() => c.list({ parentFolderId: 'fd-0000000000' }), 404, 'EntityNotExists.Folder');
      await expectApiError(() => c.list({ parentFolderId: foreign.folderId }), 404, 'EntityNotExists.Folder');
      for (const pageSize of [0, 101]) await expectApiError(() => c.list({ pageSize }), 400, 'InvalidParameter');
      await expectApiError(() => c.list({ pageNumber: 0 }), 400, 'InvalidParameter');
      const pop = popClient(harness, m.account, 'GET');
      await assert.rejects(pop.request('ListFoldersForParent', { PageSize: 'ten' }), (error: any) => {
        assert.equal(error.code, 'InvalidParameter');
        assert.match(error.message, /PageSize/);
        return true;
      });
    });

    test('UpdateFolder', async () => {
      const c = calls(m.account);
      await expectApiError(() => c.update({ newFolderName: 'X' }), 400, 'MissingParameter.FolderId');
      await expectApiError(() => c.update({ folderId: folder.folderId }), 400, 'MissingParameter.Folder.Name');
      await expectApiError(() => c.update({ folderId: 'FD-0000000000', newFolderName: 'X' }), 400, 'InvalidParameter.FolderId');
      await expectApiError(() => c.update({ folderId: folder.folderId, newFolderName: 'a/b' }), 400, 'InvalidParameter.Folder.Name');
      await expectApiError(
        () => c.update({ folderId: folder.folderId, newFolderName: 'x'.repeat(25) }),
        400,
        'InvalidParameter.Folder.Name.Length',
      );
      const sibling = await create(m, 'Sibling');
      await expectApiError(
        () => c.update({ folderId: sibling.folderId, newFolderName: 'Parent' }),
        400,
        'InvalidParameter.Folder.Name.AlreadyUsed',
      );
      await expectApiError(() => c.update({ folderId: 'fd-0000000000', newFolderName: 'X' }), 404, 'EntityNotExists.Folder');
      await expectApiError(() => c.update({ folderId: foreign.folderId, newFolderName: 'X' }), 404, 'EntityNotExists.Folder');
      await expectApiError(() => c.update({ folderId: m.rootId, newFolderName: 'NewRoot' }), 400, 'InvalidParameter.FolderId');
      await c.delete({ folderId: sibling.folderId });
    });

    test('DeleteFolder', async () => {
      const c = calls(m.account, 'V1');
      await expectApiError(() => c.delete({}), 400, 'MissingParameter.FolderId');
      await expectApiError(() => c.delete({ folderId: 'rd-abc' }), 400, 'InvalidParameter.FolderId');
      await expectApiError(() => c.delete({ folderId: m.rootId }), 400, 'InvalidParameter.FolderId');
      await expectApiError(() => c.delete({ folderId: 'fd-0000000000' }), 404, 'EntityNotExists.Folder');
      await expectApiError(() => c.delete({ folderId: foreign.folderId }), 404, 'EntityNotExists.Folder');
      await expectApiError(() => c.delete({ folderId: folder.folderId }), 409, 'DeleteConflict.Folder.SubFolder');
      // No operation moves accounts yet: place the member account in the child folder directly in the store.
      const outsider = await harness.createAccount();
      await harness.canopy.store.transaction(async (tx) => {
        const now = new Date();
        await tx.directories.addMember({
          accountId: outsider.accountId,
          directoryId: m.rdId,
          folderId: child.folderId!,
          role: 'member',
          type: 'CloudAccount',
          joinMethod: 'invited',
          status: 'InviteSuccess',
          joinedAt: now,
          modifiedAt: now,
        });
      });
      await expectApiError(() => c.delete({ folderId: child.folderId }), 409, 'DeleteConflict.Folder.Account');
    });

    test('ListAncestors', async () => {
      const c = calls(m.account);
      await expectApiError(() => c.ancestors({}), 400, 'MissingParameter.ChildId');
      await expectApiError(() => c.ancestors({ childId: '123' }), 400, 'InvalidParameter.ChildId');
      await expectApiError(() => c.ancestors({ childId: 'fd-0000000000' }), 404, 'EntityNotExists.Folder');
      await expectApiError(() => c.ancestors({ childId: foreign.folderId }), 404, 'EntityNotExists.Folder');
    });
  });
});

describeUnlessSkipped('folders on PostgreSQL', { skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let harness: Harness;
  const schema = freshSchema('canopy_folders');
  before(async () => {
    harness = await startServer({ DATABASE_URL: testDatabaseUrl!, CANOPY_DATABASE_SCHEMA: schema, CANOPY_STORE: '' });
  });
  after(async () => {
    await harness?.close();
    await dropSchema(testDatabaseUrl!, schema);
  });

  test('two concurrent CreateFolder with one name under one parent: one 200, one AlreadyUsed', () => raceCreate(harness, 10));

  test('folder writes of one directory are serialized: the quota holds under concurrency', async () => {
    const m = await newManager(harness);
    const results = await Promise.allSettled(Array.from({ length: 110 }, (_, i) => create(m, `p${i}`)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 100);
    for (const r of results) {
      if (r.status === 'rejected') await expectApiError(() => Promise.reject(r.reason), 409, 'QuotaExceeded.Folder.Count');
    }
  });
});
