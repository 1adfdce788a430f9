import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { asMap, asString, sprint, tagsToMap, WrappedError } from '../helpers/terraform-errors.js';
import { MINUTE, type Provider, rpcWithRetry, shuffled } from '../helpers/terraform-services.js';
import { legacyDescribeAccount, legacyGetPayerForAccount } from '../helpers/terraform-legacy-services.js';
import { PAGE_SIZE, pages, strings } from './data-source-reads.js';
import { enableMemberDeletion, managedDirectory } from './setup.js';

/**
 * alicloud_resource_manager_accounts, replayed from data_source_alicloud_resource_manager_accounts.go:
 * dataSourceAliCloudResourceManagerAccountsRead (RDM ListAccounts with IncludeTags and Tag.N, pages of
 * 50), and with enable_details service_alicloud_resourcemanager.go DescribeResourceManagerAccount and
 * GetPayerForAccount per account.
 */

async function accounts(
  p: Provider,
  args: { ids?: string[]; status?: string; tags?: Record<string, string>; enableDetails?: boolean } = {},
) {
  const request: Record<string, unknown> = { PageSize: PAGE_SIZE, IncludeTags: true };
  // expandTagsToMap over ConvertTags: Tag.N.Key / Tag.N.Value, in map order.
  shuffled(Object.entries(args.tags ?? {})).forEach(([key, value], i) => {
    request[`Tag.${i + 1}.Key`] = key;
    request[`Tag.${i + 1}.Value`] = value;
  });
  const items = await pages(
    (body) =>
      rpcWithRetry(p, { product: 'ResourceDirectoryMaster', action: 'ListAccounts', body, timeoutMs: 5 * MINUTE, wait: [3, 3] }).catch(
        (err) => {
          throw new WrappedError('ListAccounts', err);
        },
      ),
    request,
    '$.Accounts.Account',
  );
  const kept = items.filter(
    // `item["Status"].(string)`: the status filter panics on an item without one.
    (a) => (!args.ids || args.ids.includes(sprint(a['AccountId']))) && (!args.status || args.status === asString(a['Status'], 'Status')),
  );
  const result = [];
  for (const a of kept) {
    const mapping: Record<string, unknown> = {
      id: sprint(a['AccountId']),
      account_id: sprint(a['AccountId']),
      display_name: a['DisplayName'],
      type: a['Type'],
      folder_id: a['FolderId'],
      resource_directory_id: a['ResourceDirectoryId'],
      status: a['Status'],
      join_method: a['JoinMethod'],
      join_time: a['JoinTime'],
      modify_time: a['ModifyTime'],
      deletion_status: a['DeletionStatus'],
    };
    // `v.(map[string]interface{})` when Tags is present: "Tags": null would panic.
    if ('Tags' in a) {
      const tags = asMap(a['Tags'], 'Tags');
      if ('Tag' in tags) mapping['tags'] = tagsToMap(tags['Tag']);
    }
    if (args.enableDetails) {
      mapping['account_name'] = (await legacyDescribeAccount(p, sprint(mapping['id'])))['AccountName'];
      mapping['payer_account_id'] = (await legacyGetPayerForAccount(p, sprint(mapping['id'])))['PayerAccountId'];
    }
    result.push(strings(mapping, Object.keys(mapping).filter((k) => k !== 'tags') as never[]));
  }
  return { ids: result.map((a) => a['id']), accounts: result };
}

describe('terraform: data source alicloud_resource_manager_accounts', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer({ CANOPY_MEMBER_QUOTA: '60' });
  });
  after(() => harness.close());

  test('pages of 50 with IncludeTags, the tags, ids and status filters, DeletionStatus, enable_details', async () => {
    const { account, p, rdId, rootId } = await managedDirectory(harness);
    const members: string[] = [];
    // With the management account, 51 members: two pages.
    for (let i = 0; i < PAGE_SIZE; i++) {
      const tags =
        i % 10 === 0
          ? {
              Tag: [
                { Key: 'env', Value: i === 0 ? 'prod' : 'dev' },
                { Key: 'team', Value: `t${i}` },
              ],
            }
          : {};
      const created = await p.client.rpcPost('ResourceManager', 'CreateResourceAccount', { DisplayName: `tf-member-${i}`, ...tags });
      members.push(created['Account']['AccountId']);
    }
    p.client.calls.length = 0;

    const all = await accounts(p);
    assert.deepEqual(p.client.sequence(), ['RDM ListAccounts', 'RDM ListAccounts']);
    assert.deepEqual(p.client.calls[0]!.body, { IncludeTags: 'true', PageNumber: '1', PageSize: '50' });
    assert.deepEqual([...all.ids].sort(), [account.accountId, ...members].sort());
    const first = all.accounts.find((a) => a['id'] === members[0])!;
    assert.deepEqual(
      [
        first['display_name'],
        first['type'],
        first['folder_id'],
        first['resource_directory_id'],
        first['status'],
        first['join_method'],
        first['deletion_status'],
      ],
      ['tf-member-0', 'ResourceAccount', rootId, rdId, 'CreateSuccess', 'created', ''],
    );
    assert.deepEqual(first['tags'], { env: 'prod', team: 't0' });
    assert.deepEqual(all.accounts.find((a) => a['id'] === members[1])!['tags'], {}, 'Tags.Tag is an empty list, never null');

    assert.deepEqual((await accounts(p, { tags: { env: 'dev' } })).ids.length, 4);
    assert.deepEqual((await accounts(p, { tags: { env: 'prod', team: 't0' } })).ids, [members[0]]);
    assert.deepEqual((await accounts(p, { ids: [members[5]!, members[7]!], status: 'CreateSuccess' })).ids, [members[5], members[7]]);

    // A deletion under way shows in DeletionStatus (2022-04-19).
    await enableMemberDeletion(p);
    await p.client.rpcPost('ResourceManager', 'DeleteAccount', { AccountId: members[9] });
    const deleting = (await accounts(p, { ids: [members[9]!] })).accounts[0]!;
    assert.equal(deleting['deletion_status'], 'Checking');

    p.client.calls.length = 0;
    const detailed = await accounts(p, { ids: [members[2]!], enableDetails: true });
    assert.deepEqual(p.client.sequence(), ['RDM ListAccounts', 'RDM ListAccounts', 'RM GetAccount', 'RM GetPayerForAccount']);
    assert.deepEqual([p.client.calls[2]!.body['RegionId'], p.client.calls[3]!.body['RegionId']], [p.regionId, p.regionId]);
    assert.match(String(detailed.accounts[0]!['account_name']), /@rd-[^.]+\.aliyunid\.com$/);
    assert.equal(typeof detailed.accounts[0]!['payer_account_id'], 'string');
  });
});
