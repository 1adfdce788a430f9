import {
  asMap,
  idFrom,
  isExpectedErrors,
  notFoundError,
  optionalArray,
  sprint,
  tagsToMap,
  WrappedError,
} from '../helpers/terraform-errors.js';
import { type ResourceData, waitForState } from '../helpers/terraform-sdk.js';
import {
  accountDeletionRefresh,
  describeAccount,
  listTagResources,
  type Provider,
  rpcWithRetry,
  setResourceTags,
  shuffled,
  describeOrDrop,
} from '../helpers/terraform-services.js';
import { deletionCheckRefresh, legacyDescribeDeletionCheck, legacyGetPayerForAccount } from '../helpers/terraform-legacy-services.js';

/**
 * alicloud_resource_manager_account, replayed from alicloud/resource_alicloud_resource_manager_account.go:
 * resourceAliCloudResourceManagerAccountCreate, …Read, …Update, …Delete and
 * preCheckResourceManagerAccountDelete (import: passthrough, then Read). The tests are
 * account.test.ts (create, read, update, import) and account-deletion.test.ts (destroy).
 */

export const ACCOUNT_SCHEMA = {
  abandonable_check_id: 'list',
  abandon_able_check_id: 'list',
  account_name_prefix: 'string',
  display_name: 'string',
  folder_id: 'string?',
  join_method: 'string?',
  join_time: 'string?',
  modify_time: 'string?',
  payer_account_id: 'string',
  resell_account_type: 'string',
  resource_directory_id: 'string?',
  status: 'string?',
  tags: 'map',
  type: 'string?',
  force_delete: 'bool',
} as const;

const CONCURRENT = ['ConcurrentCallNotSupported'];

const wrapped = (action: string) => (err: unknown) => {
  throw new WrappedError(action, err);
};

export async function createAccount(p: Provider, d: ResourceData): Promise<void> {
  const body: Record<string, unknown> = {};
  const optional = (attribute: string, param: string) => {
    const [value, ok] = d.getOk(attribute);
    if (ok) body[param] = value;
  };
  const [tags, hasTags] = d.getOk('tags');
  // ConvertTags: a list of {Key, Value}, which the SDK flattens to Tags.N.Key (sic: not Tag.N), in map order.
  if (hasTags) body['Tags'] = shuffled(Object.entries(tags as Record<string, string>).map(([Key, Value]) => ({ Key, Value })));
  optional('payer_account_id', 'PayerAccountId');
  body['DisplayName'] = d.get('display_name');
  optional('resell_account_type', 'ResellAccountType');
  optional('account_name_prefix', 'AccountNamePrefix');
  optional('folder_id', 'ParentFolderId');
  const response = await rpcWithRetry(p, {
    product: 'ResourceManager',
    action: 'CreateResourceAccount',
    body,
    timeoutMs: d.timeoutMs,
    codes: CONCURRENT,
  }).catch(wrapped('CreateResourceAccount'));
  d.id = idFrom('$.Account.AccountId', response);
  d.isNew = true;
  await updateAccount(p, d);
}

export async function readAccount(p: Provider, d: ResourceData): Promise<void> {
  const object = await describeOrDrop(d, () => describeAccount(p, d.id));
  if (object === undefined) return;
  for (const [attribute, field] of [
    ['display_name', 'DisplayName'],
    ['folder_id', 'FolderId'],
    ['join_method', 'JoinMethod'],
    ['join_time', 'JoinTime'],
    ['modify_time', 'ModifyTime'],
    ['resource_directory_id', 'ResourceDirectoryId'],
    ['status', 'Status'],
    ['type', 'Type'],
  ] as const) {
    d.setAttr(attribute, object[field]);
  }
  d.setAttr('payer_account_id', (await legacyGetPayerForAccount(p, d.id))['PayerAccountId']);
  d.setAttr('tags', tagsToMap(await listTagResources(p, d.id, 'Account', 'ResourceManager')));
}

export async function updateAccount(p: Provider, d: ResourceData): Promise<void> {
  const call = (product: 'ResourceManager' | 'ResourceDirectoryMaster', action: string, body: Record<string, unknown>) =>
    rpcWithRetry(p, { product, action, body: { AccountId: d.id, ...body }, timeoutMs: d.timeoutMs, codes: CONCURRENT }).catch(
      wrapped(action),
    );
  if (!d.isNew && d.hasChange('folder_id')) await call('ResourceManager', 'MoveAccount', { DestinationFolderId: d.get('folder_id') });
  const rename = !d.isNew && d.hasChange('display_name');
  if (d.hasChange('type') || rename) {
    await call('ResourceManager', 'UpdateAccount', {
      ...(d.hasChange('type') ? { NewAccountType: d.get('type') } : {}),
      ...(rename ? { NewDisplayName: d.get('display_name') } : {}),
    });
  }
  // Sent as it is, "" included, when the attribute changed.
  if (!d.isNew && d.hasChange('payer_account_id'))
    await call('ResourceDirectoryMaster', 'UpdatePayerForAccount', { PayerAccountId: d.get('payer_account_id') });
  await setResourceTags(p, d, 'Account');
  await readAccount(p, d);
}

/** convertListToJsonString: `["a","b"]`, and "" for an empty list (still sent as `AbandonableCheckId=`). */
const jsonList = (items: readonly string[]) => (items.length === 0 ? '' : `[${items.map((i) => `"${i}"`).join(',')}]`);

export async function deleteAccount(p: Provider, d: ResourceData): Promise<void> {
  const body: Record<string, unknown> = { AccountId: d.id };
  const [checks, hasChecks] = d.getOk('abandonable_check_id');
  if (hasChecks) body['AbandonableCheckId'] = JSON.stringify(checks);
  const [oldChecks, hasOldChecks] = d.getOk('abandon_able_check_id');
  if (hasOldChecks) body['AbandonableCheckId'] = jsonList(oldChecks);
  if (d.get('force_delete') === true) body['AbandonableCheckId'] = jsonList(await preCheckDelete(p, d));
  try {
    await rpcWithRetry(p, {
      product: 'ResourceManager',
      action: 'DeleteAccount',
      body,
      timeoutMs: d.timeoutMs,
      codes: [...CONCURRENT, 'NotSupportedOperation.PreCheckingAccount'],
    });
  } catch (err) {
    if (isExpectedErrors(err, ['EntityNotExists.ResourceDirectory']) || notFoundError(err)) return;
    throw new WrappedError('DeleteAccount', err);
  }
  await waitForState(p.time, {
    pending: [],
    target: ['Success', 'Deleting'],
    timeoutMs: d.timeoutMs,
    delayMs: 5000,
    refresh: accountDeletionRefresh(p, d.id, ['CheckFailed', 'DeleteFailed']),
  });
}

/** preCheckResourceManagerAccountDelete: the check, a wait for PreCheckComplete, then the abandonable check IDs. */
export async function preCheckDelete(p: Provider, d: ResourceData): Promise<string[]> {
  await rpcWithRetry(p, {
    product: 'ResourceManager',
    action: 'CheckAccountDelete',
    body: { AccountId: d.id },
    timeoutMs: d.timeoutMs,
    codes: CONCURRENT,
    wait: [3, 3],
    autoRetry: false,
  }).catch(wrapped('CheckAccountDelete'));
  await waitForState(p.time, {
    pending: [],
    target: ['PreCheckComplete'],
    timeoutMs: d.timeoutMs,
    delayMs: 5000,
    refresh: deletionCheckRefresh(p, d.id),
  });
  // The error of this last read is ignored: the list is then empty.
  const object = await legacyDescribeDeletionCheck(p, d.id).catch(() => ({}) as Record<string, any>);
  return optionalArray(object['AbandonableChecks']).flatMap((item, i) => {
    const check = asMap(item, `AbandonableChecks[${i}]`);
    return 'CheckId' in check ? [sprint(check['CheckId'])] : [];
  });
}
