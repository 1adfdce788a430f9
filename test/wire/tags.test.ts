import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  engineSkip,
  expectApiError,
  type Harness,
  type Manager,
  models,
  newManager,
  RACE_ENGINES,
  rdmClient,
  sdkClient,
  startServer,
  startServerOn,
} from '../helpers/harness.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

/** `Name.1`, `Name.2`… as the RPC wire spells lists (what the SDKs send for arrays). */
const indexed = (name: string, values: readonly string[]) => Object.fromEntries(values.map((v, i) => [`${name}.${i + 1}`, v]));
const tagParams = (tags: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(tags).flatMap(([key, value], i) => [
      [`Tag.${i + 1}.Key`, key],
      [`Tag.${i + 1}.Value`, value],
    ]),
  );

async function createMember(m: Manager, displayName: string, tags: Record<string, string> = {}) {
  const tag = Object.entries(tags).map(([key, value]) => new models.CreateResourceAccountRequestTag({ key, value }));
  const body = (await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName, tag }))).body!;
  return body.account!.accountId!;
}

async function createFolder(m: Manager, folderName: string) {
  return (await m.client.createFolder(new models.CreateFolderRequest({ folderName }))).body!.folder!.folderId!;
}

/** Every (resource, key=value) ListTagResources (2020-03-31, typed SDK) answers, following NextToken until it is absent. */
async function allTags(m: Manager, resourceType: string, resourceId: string[] = [], maxResults = 100): Promise<string[]> {
  const rows: string[] = [];
  let nextToken: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const body = (await m.client.listTagResources(new models.ListTagResourcesRequest({ resourceType, resourceId, maxResults, nextToken })))
      .body!;
    for (const t of body.tagResources ?? []) rows.push(`${t.resourceId}:${t.tagKey}=${t.tagValue}`);
    nextToken = body.nextToken;
    if (nextToken === undefined) return rows;
    assert.notEqual(nextToken, '', 'never an empty NextToken: Terraform loops until it is missing');
  }
  throw new Error('NextToken never ran out');
}

describe('tags on members and folders', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test("Terraform's way: tag through 2022-04-19, read through both, untag keys, then all", async () => {
    const m = await newManager(harness);
    const rdm = rdmClient(harness, m.account);
    const member = await createMember(m, 'Tagged One');
    const folder = await createFolder(m, 'tagged');
    await rdm.request('TagResources', {
      ResourceType: 'Account',
      ...indexed('ResourceId', [member]),
      ...tagParams({ env: 'prod', team: '' }),
    });
    await rdm.request('TagResources', { ResourceType: 'Folder', ...indexed('ResourceId', [folder]), ...tagParams({ env: 'dev' }) });
    await rdm.request('TagResources', { ResourceType: 'Account', ...indexed('ResourceId', [member]), ...tagParams({ env: 'staging' }) });
    assert.deepEqual(await allTags(m, 'Account', [member]), [`${member}:env=staging`, `${member}:team=`]);
    const folderTags = await rdm.request('ListTagResources', { ResourceType: 'Folder', 'ResourceId.1': folder });
    assert.deepEqual(folderTags['TagResources'], [{ ResourceType: 'Folder', ResourceId: folder, TagKey: 'env', TagValue: 'dev' }]);
    assert.equal('NextToken' in folderTags, false);

    const account = (await m.client.getAccount(new models.GetAccountRequest({ accountId: member, includeTags: true }))).body!.account!;
    assert.deepEqual(
      account.tags?.map((t) => [t.key, t.value]),
      [
        ['env', 'staging'],
        ['team', ''],
      ],
    );
    await rdm.request('UntagResources', { ResourceType: 'Account', 'ResourceId.1': member, 'TagKey.1': 'team', 'TagKey.2': 'absent' });
    assert.deepEqual(await allTags(m, 'Account', [member]), [`${member}:env=staging`]);
    await m.client.untagResources(new models.UntagResourcesRequest({ resourceType: 'Folder', resourceId: [folder], all: true }));
    assert.deepEqual(await allTags(m, 'Folder'), []);
  });

  test('Tag.N at creation and invitation lands on the member; ListAccounts filters by it', async () => {
    const m = await newManager(harness);
    const prod = await createMember(m, 'Prod One', { env: 'prod', cost: 'a' });
    await createMember(m, 'Dev One', { env: 'dev' });
    const invitee = await harness.createAccount();
    const handshake = (
      await m.client.inviteAccountToResourceDirectory(
        new models.InviteAccountToResourceDirectoryRequest({
          targetEntity: invitee.accountId,
          targetType: 'Account',
          tag: [new models.InviteAccountToResourceDirectoryRequestTag({ key: 'env', value: 'prod' })],
        }),
      )
    ).body!.handshake!;
    await sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshake.handshakeId }));
    const expected = [`${prod}:cost=a`, `${prod}:env=prod`, `${invitee.accountId}:env=prod`];
    assert.deepEqual(await allTags(m, 'Account', [prod, invitee.accountId]), expected.sort(), 'ordered by resource, then key');
    const filtered = (
      await m.client.listAccounts(
        new models.ListAccountsRequest({ tag: [new models.ListAccountsRequestTag({ key: 'env', value: 'prod' })], includeTags: true }),
      )
    ).body!.accounts!.account!;
    assert.deepEqual(filtered.map((a) => a.accountId).sort(), [prod, invitee.accountId].sort());
    const filters = await rdmClient(harness, m.account).request('ListTagResources', {
      ResourceType: 'Account',
      ...tagParams({ env: 'prod' }),
    });
    assert.deepEqual(
      filters['TagResources'].map((t: any) => `${t.ResourceId}:${t.TagKey}`),
      [`${prod}:env`, `${invitee.accountId}:env`].sort(),
      'only the filtered keys of the resources that match',
    );
  });

  test('paging: MaxResults, NextToken until absent, ListTagKeys and ListTagValues with fuzzy filters', async () => {
    const m = await newManager(harness);
    const ids = [await createMember(m, 'Pager One'), await createMember(m, 'Pager Two')];
    const tags = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`Key-${i}`, `value-${i % 3}`]));
    await m.client.tagResources(
      new models.TagResourcesRequest({
        resourceType: 'Account',
        resourceId: ids,
        tag: Object.entries(tags).map(([key, value]) => new models.TagResourcesRequestTag({ key, value })),
      }),
    );
    const paged = await allTags(m, 'Account', [], 3);
    assert.equal(paged.length, 14);
    assert.deepEqual(paged, await allTags(m, 'Account', [], 100), 'the same rows whatever the page size');

    const keys: string[] = [];
    let nextToken: string | undefined;
    do {
      const body = (await m.client.listTagKeys(new models.ListTagKeysRequest({ resourceType: 'Account', maxResults: 2, nextToken }))).body!;
      keys.push(...body.tags!.map((t) => t.key!));
      nextToken = body.nextToken;
    } while (nextToken !== undefined);
    assert.deepEqual(keys, Object.keys(tags));
    const some = (await m.client.listTagKeys(new models.ListTagKeysRequest({ resourceType: 'Account', keyFilter: 'key-1' }))).body!;
    assert.deepEqual(
      some.tags!.map((t) => t.key),
      ['Key-1'],
    );
    const values = (
      await m.client.listTagValues(new models.ListTagValuesRequest({ resourceType: 'Account', tagKey: 'Key-4', valueFilter: 'VALUE' }))
    ).body!;
    assert.deepEqual(
      values.tags!.map((t) => t.value),
      ['value-1'],
    );
    assert.deepEqual((await rdmClient(harness, m.account).request('ListTagKeys', { ResourceType: 'Folder' }))['Tags'], []);
  });

  test("what goes with a resource: a deleted folder's and a removed member's tags", async () => {
    const m = await newManager(harness);
    const folder = await createFolder(m, 'short-lived');
    await m.client.tagResources(
      new models.TagResourcesRequest({
        resourceType: 'Folder',
        resourceId: [folder],
        tag: [new models.TagResourcesRequestTag({ key: 'k', value: 'v' })],
      }),
    );
    await m.client.deleteFolder(new models.DeleteFolderRequest({ folderId: folder }));
    assert.deepEqual(await allTags(m, 'Folder'), []);
    const invitee = await harness.createAccount();
    const h = (
      await m.client.inviteAccountToResourceDirectory(
        new models.InviteAccountToResourceDirectoryRequest({ targetEntity: invitee.accountId, targetType: 'Account' }),
      )
    ).body!.handshake!;
    await sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: h.handshakeId }));
    await m.client.tagResources(
      new models.TagResourcesRequest({
        resourceType: 'Account',
        resourceId: [invitee.accountId],
        tag: [new models.TagResourcesRequestTag({ key: 'k', value: 'v' })],
      }),
    );
    await m.client.removeCloudAccount(new models.RemoveCloudAccountRequest({ accountId: invitee.accountId }));
    assert.deepEqual(await allTags(m, 'Account'), []);
  });
});

describe('the tags per resource limit under concurrency', () => {
  for (const engine of RACE_ENGINES) {
    describeUnlessSkipped(engine, { skip: engineSkip(engine) }, () => {
      let harness: Harness;
      before(async () => {
        harness = await startServerOn(engine);
      });
      after(() => harness?.close());

      test('30 racing TagResources calls, one new key each, on a member with 5 tags: exactly 15 win', async () => {
        const m = await newManager(harness);
        const member = await createMember(m, 'Racer', Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`base-${i}`, ''])));
        const results = await Promise.allSettled(
          Array.from({ length: 30 }, (_, i) =>
            m.client.tagResources(
              new models.TagResourcesRequest({
                resourceType: 'Account',
                resourceId: [member],
                tag: [new models.TagResourcesRequestTag({ key: `race-${i}`, value: 'x' })],
              }),
            ),
          ),
        );
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 15);
        for (const r of results)
          if (r.status === 'rejected') await expectApiError(() => Promise.reject(r.reason), 403, 'QuotaExceed.TagsPerResource');
        assert.equal((await allTags(m, 'Account', [member])).length, 20);
      });
    });
  }
});
