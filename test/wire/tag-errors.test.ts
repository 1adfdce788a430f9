import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ErrorCode } from '../../src/errors/catalog.js';
import {
  expectDocumentedError,
  type Harness,
  type Manager,
  models,
  newManager,
  popClient,
  rdmClient,
  startServer,
} from '../helpers/harness.js';

/**
 * Every refusal of the tag Actions through the official clients: status, Code, RequestId and the
 * Message verbatim (the tag service's, docs/errors.md). 2022-04-19 through its generic client,
 * 2020-03-31 through pop-core (V1) and the typed SDK (V3).
 */
describe('tag errors', () => {
  let harness: Harness;
  let m: Manager;
  let member: string;
  let rdm: ReturnType<typeof rdmClient>;
  before(async () => {
    harness = await startServer();
    m = await newManager(harness);
    rdm = rdmClient(harness, m.account);
    member = (await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'Tag Target' }))).body!.account!
      .accountId!;
  });
  after(() => harness.close());

  /** The tag codes are the same in every Action and version (the tag service's). */
  const expectCode = (call: () => Promise<unknown>, code: ErrorCode, ...args: string[]) => expectDocumentedError(call, code, {}, args);
  const tag = (params: Record<string, string>) =>
    rdm.request('TagResources', { ResourceType: 'Account', 'ResourceId.1': member, ...params });
  const tags = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Tag.${i + 1}.Key`, `${prefix}${i}`]));

  test('ResourceType: required in 2022-04-19; 2020-03-31 defaults to ResourceGroup, which Canopy has not', async () => {
    await expectCode(() => rdm.request('TagResources', { 'ResourceId.1': member, 'Tag.1.Key': 'k' }), 'MissingParameter', 'ResourceType');
    await expectCode(
      () =>
        m.client.tagResources(
          new models.TagResourcesRequest({ resourceId: [member], tag: [new models.TagResourcesRequestTag({ key: 'k' })] }),
        ),
      'InvalidParameter.ResourceType',
    );
    const pop = popClient(harness, m.account, 'POST');
    await expectCode(() => pop.request('ListTagKeys', { ResourceType: 'ResourceGroup' }), 'InvalidParameter.ResourceType');
    await expectCode(() => rdm.request('ListTagResources', { ResourceType: 'account' }), 'InvalidParameter.ResourceType');
  });

  test("resources: at least one, at most 50, each in the caller's directory", async () => {
    await expectCode(() => rdm.request('TagResources', { ResourceType: 'Account', 'Tag.1.Key': 'k' }), 'MissingParameter.ResourceIds');
    await expectCode(() => rdm.request('UntagResources', { ResourceType: 'Account', All: 'true' }), 'MissingParameter.ResourceIds');
    const many = Object.fromEntries(
      Array.from({ length: 51 }, (_, i) => [`ResourceId.${i + 1}`, `10000000000000${String(i).padStart(2, '0')}`]),
    );
    await expectCode(() => rdm.request('TagResources', { ResourceType: 'Account', ...many, 'Tag.1.Key': 'k' }), 'NumberExceed.ResourceIds');
    await expectCode(() => rdm.request('ListTagResources', { ResourceType: 'Account', ...many }), 'NumberExceed.ResourceIds');
    // Fifty is within the limit: listed (none of them carries a tag).
    const fifty = Object.fromEntries(Object.entries(many).slice(0, 50));
    const listed = await rdm.request('ListTagResources', { ResourceType: 'Account', ...fifty });
    assert.deepEqual(listed['TagResources'], []);
    await expectCode(() => tag({ 'ResourceId.1': '1999999999999999', 'Tag.1.Key': 'k' }), 'EntityNotExists.Account');
    await expectCode(
      () => rdm.request('UntagResources', { ResourceType: 'Folder', 'ResourceId.1': 'fd-nothing00', All: 'true' }),
      'EntityNotExists.Folder',
    );
    const other = await newManager(harness);
    await expectCode(() => tag({ 'ResourceId.1': other.rootId, 'Tag.1.Key': 'k', ResourceType: 'Folder' }), 'EntityNotExists.Folder');
    await expectCode(() => tag({ 'ResourceId.1': other.account.accountId, 'Tag.1.Key': 'k' }), 'EntityNotExists.Account');
  });

  test('tags: at least one, at most 20, keys once, keys and values by the documented rules', async () => {
    await expectCode(() => tag({}), 'MissingParameter.Tags');
    await expectCode(() => tag(tags(21)), 'NumberExceed.Tags');
    await expectCode(() => tag({ 'Tag.1.Value': 'v' }), 'Missing.TagKey');
    for (const key of ['aliyun-x', 'acs:x', 'see http://x', 'see https://x', 'k'.repeat(129)])
      await expectCode(() => tag({ 'Tag.1.Key': key }), 'InvalidParameter.TagKey', key);
    for (const value of ['acs:x', 'http://x', 'https://x', 'v'.repeat(129)])
      await expectCode(() => tag({ 'Tag.1.Key': 'k', 'Tag.1.Value': value }), 'InvalidParameter.TagValue');
    // The longest key and value are taken.
    await tag({ 'Tag.1.Key': 'k'.repeat(128), 'Tag.1.Value': 'v'.repeat(128) });
    await rdm.request('UntagResources', { ResourceType: 'Account', 'ResourceId.1': member, All: 'true' });
    await expectCode(() => tag({ 'Tag.1.Key': 'k', 'Tag.2.Key': 'k' }), 'Duplicate.TagKey');
    await expectCode(() => rdm.request('ListTagResources', { ResourceType: 'Account', ...tags(21) }), 'NumberExceed.Tags');
    await expectCode(() => rdm.request('ListTagResources', { ResourceType: 'Account', 'Tag.1.Value': 'v' }), 'Missing.TagKey');
  });

  test('20 tags per resource: the 21st key is refused, a new value for a key it has is not', async () => {
    await tag(tags(20, 'full'));
    await expectCode(() => tag({ 'Tag.1.Key': 'one-more' }), 'QuotaExceed.TagsPerResource');
    await tag({ 'Tag.1.Key': 'full0', 'Tag.1.Value': 'changed' });
    await rdm.request('UntagResources', { ResourceType: 'Account', 'ResourceId.1': member, All: 'true' });
  });

  test('TagKey: UntagResources without keys and without All; ListTagValues without a key', async () => {
    await expectCode(() => rdm.request('UntagResources', { ResourceType: 'Account', 'ResourceId.1': member }), 'MissingParameter.TagKey');
    await expectCode(
      () =>
        rdm.request('UntagResources', {
          ResourceType: 'Account',
          'ResourceId.1': member,
          ...Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`TagKey.${i + 1}`, `k${i}`])),
        }),
      'NumberExceed.Tags',
    );
    await expectCode(() => rdm.request('ListTagValues', { ResourceType: 'Account' }), 'MissingParameter.TagKey');
  });

  test('listings: NextToken Canopy did not issue, MaxResults outside 1-100', async () => {
    for (const action of ['ListTagResources', 'ListTagKeys'])
      for (const token of ['garbage', Buffer.from('{"x":1}').toString('base64url')])
        await expectCode(() => rdm.request(action, { ResourceType: 'Account', NextToken: token }), 'Invalid.NextToken');
    await expectCode(() => rdm.request('ListTagValues', { ResourceType: 'Account', TagKey: 'k', NextToken: 'e30' }), 'Invalid.NextToken');
    for (const max of ['0', '101', 'ten'])
      await expectCode(() => rdm.request('ListTagKeys', { ResourceType: 'Account', MaxResults: max }), 'InvalidParameter', 'MaxResults');
  });

  test('only a management account tags: members and standalone accounts have no directory to tag in', async () => {
    const standalone = await harness.createAccount();
    await expectCode(
      () => rdmClient(harness, standalone).request('ListTagKeys', { ResourceType: 'Account' }),
      'EntityNotExists.ResourceDirectory',
    );
    await expectCode(
      () => rdmClient(harness, standalone).request('TagResources', { ResourceType: 'Account', 'ResourceId.1': member, 'Tag.1.Key': 'k' }),
      'EntityNotExists.ResourceDirectory',
    );
  });
});
