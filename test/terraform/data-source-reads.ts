import { asMap, asString, jsonpathGet, notFoundError, optionalArray, sprint, WrappedError } from '../helpers/terraform-errors.js';
import { waitForState } from '../helpers/terraform-sdk.js';
import { MINUTE, type Provider, rpcWithRetry } from '../helpers/terraform-services.js';
import { deletionCheckRefresh, legacyDescribeDeletionCheck, legacyDescribeFolder } from '../helpers/terraform-legacy-services.js';
import { ProviderPanic } from '../helpers/terraform-wire.js';

/**
 * The Read of four data sources, replayed call for call (accounts is in accounts-data-source.test.ts):
 * data_source_alicloud_resource_manager_resource_directories.go dataSourceAlicloudResourceManagerResourceDirectoriesRead,
 * data_source_alicloud_resource_manager_folders.go dataSourceAliCloudResourceManagerFoldersRead,
 * data_source_alicloud_resource_manager_handshakes.go dataSourceAlicloudResourceManagerHandshakesRead,
 * data_source_alicloud_resource_manager_account_deletion_check_task.go dataSourceAlicloudResourceManagerAccountDeletionCheckTaskRead.
 * A data source has no Timeouts block, so `d.Timeout(...)` is the SDK default of 20 minutes.
 */

export const PAGE_SIZE = 50;
const DATA_SOURCE_TIMEOUT = 20 * MINUTE;

/** d.Set of a list of maps fails on an element of the wrong type; the string attributes must be strings (or nil). */
export function strings<T extends Record<string, unknown>>(item: T, keys: readonly (keyof T & string)[]): T {
  for (const key of keys) {
    const value = item[key];
    if (value !== null && value !== undefined && typeof value !== 'string')
      throw new ProviderPanic(`d.Set: ${key} is ${JSON.stringify(value)}, not a string`);
  }
  return item;
}

/**
 * The PageNumber/PageSize loop every list data source runs: `$.<list>` must be there (else an
 * error), its items are maps, and a page shorter than 50 ends the loop.
 */
export async function pages(
  fetchPage: (request: Record<string, unknown>) => Promise<Record<string, any>>,
  request: Record<string, unknown>,
  listPath: string,
): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  for (let pageNumber = 1; pageNumber < 1000; pageNumber++) {
    const response = await fetchPage({ ...request, PageNumber: pageNumber });
    const list = optionalArray(jsonpathGet(listPath, response));
    items.push(...list.map((item, i) => asMap(item, `${listPath}[${i}]`)));
    if (list.length < PAGE_SIZE) return items;
  }
  throw new Error('the paging never ended');
}

/** RM GetResourceDirectory (not RDM), no retry but the SDK's; `status` comes from ScpStatus. */
export async function resourceDirectories(p: Provider) {
  const response = await p.client.rpcPost('ResourceManager', 'GetResourceDirectory', {}).catch((err) => {
    throw new WrappedError('GetResourceDirectory', err);
  });
  const rd = asMap(response['ResourceDirectory'], 'ResourceDirectory');
  const directory = strings(
    {
      id: sprint(rd['ResourceDirectoryId']),
      resource_directory_id: sprint(rd['ResourceDirectoryId']),
      master_account_id: rd['MasterAccountId'],
      master_account_name: rd['MasterAccountName'],
      root_folder_id: rd['RootFolderId'],
      status: rd['ScpStatus'],
    },
    ['master_account_id', 'master_account_name', 'root_folder_id', 'status'],
  );
  return { id: directory.id, directories: [directory] };
}

export async function folders(
  p: Provider,
  args: { ids?: string[]; nameRegex?: RegExp; parentFolderId?: string; queryKeyword?: string; enableDetails?: boolean } = {},
) {
  const request: Record<string, unknown> = { PageSize: PAGE_SIZE };
  if (args.parentFolderId) request['ParentFolderId'] = args.parentFolderId;
  if (args.queryKeyword) request['QueryKeyword'] = args.queryKeyword;
  const items = await pages(
    (body) =>
      rpcWithRetry(p, { product: 'ResourceManager', action: 'ListFoldersForParent', body, timeoutMs: 5 * MINUTE, wait: [3, 3] }).catch(
        (err) => {
          throw new WrappedError('ListFoldersForParent', err);
        },
      ),
    request,
    '$.Folders.Folder',
  );
  const kept = items.filter(
    (f) => (!args.ids || args.ids.includes(sprint(f['FolderId']))) && (!args.nameRegex || args.nameRegex.test(sprint(f['FolderName']))),
  );
  const result = [];
  for (const folder of kept) {
    const mapping: Record<string, unknown> = {
      id: sprint(folder['FolderId']),
      folder_id: sprint(folder['FolderId']),
      folder_name: folder['FolderName'],
    };
    // Any error of the detail read fails the data source, NotFound included.
    if (args.enableDetails) mapping['parent_folder_id'] = (await legacyDescribeFolder(p, sprint(folder['FolderId'])))['ParentFolderId'];
    result.push(strings(mapping, ['folder_name', 'parent_folder_id']));
  }
  return { ids: result.map((f) => f['id']), names: kept.map((f) => f['FolderName']), folders: result };
}

export async function handshakes(p: Provider, args: { ids?: string[]; status?: string; enableDetails?: boolean } = {}) {
  // No resource.Retry here: only the SDK's own retries.
  const items = await pages(
    (body) =>
      p.client.rpcPost('ResourceManager', 'ListHandshakesForResourceDirectory', body).catch((err) => {
        throw new WrappedError('ListHandshakesForResourceDirectory', err);
      }),
    { PageSize: PAGE_SIZE },
    '$.Handshakes.Handshake',
  );
  const kept = items.filter(
    (h) => (!args.ids || args.ids.includes(sprint(h['HandshakeId']))) && (!args.status || args.status === asString(h['Status'], 'Status')),
  );
  const result = [];
  for (const h of kept) {
    const mapping: Record<string, unknown> = {
      id: sprint(h['HandshakeId']),
      handshake_id: sprint(h['HandshakeId']),
      expire_time: h['ExpireTime'],
      master_account_id: h['MasterAccountId'],
      master_account_name: h['MasterAccountName'],
      modify_time: h['ModifyTime'],
      note: h['Note'],
      resource_directory_id: h['ResourceDirectoryId'],
      status: h['Status'],
      target_entity: h['TargetEntity'],
      target_type: h['TargetType'],
    };
    if (args.enableDetails) {
      // The legacy DescribeResourceManagerHandshake: RegionId in the body, no retry; EntityNotExists.Handshake would be NotFound, which fails here too.
      const detail = await p.client
        .rpcPost('ResourceManager', 'GetHandshake', { RegionId: p.regionId, HandshakeId: mapping['id'] })
        .catch((err) => {
          throw new WrappedError('GetHandshake', err);
        });
      const handshake = asMap(jsonpathGet('$.Handshake', detail), '$.Handshake');
      mapping['invited_account_real_name'] = handshake['InvitedAccountRealName'];
      mapping['master_account_real_name'] = handshake['MasterAccountRealName'];
    }
    result.push(
      strings(
        mapping,
        Object.keys(mapping).filter((k) => k !== 'id' && k !== 'handshake_id'),
      ),
    );
  }
  return { ids: result.map((h) => h['id']), handshakes: result };
}

/** CheckAccountDelete (autoRetry=false), a wait for PreCheckComplete, then one more read of the result. */
export async function accountDeletionCheckTask(p: Provider, accountId: string) {
  await rpcWithRetry(p, {
    product: 'ResourceManager',
    action: 'CheckAccountDelete',
    body: { AccountId: accountId },
    timeoutMs: DATA_SOURCE_TIMEOUT,
    wait: [3, 3],
    autoRetry: false,
  }).catch((err) => {
    throw new WrappedError('CheckAccountDelete', err);
  });
  await waitForState(p.time, {
    pending: [],
    target: ['PreCheckComplete'],
    timeoutMs: DATA_SOURCE_TIMEOUT,
    delayMs: 5000,
    refresh: deletionCheckRefresh(p, accountId),
  });
  let object: Record<string, any>;
  try {
    object = await legacyDescribeDeletionCheck(p, accountId);
  } catch (err) {
    if (notFoundError(err)) return { id: '' };
    throw err;
  }
  const checks = (list: unknown) =>
    Array.isArray(list)
      ? list.map((item, i) => {
          const check = asMap(item, `check[${i}]`);
          return strings({ check_id: check['CheckId'], check_name: check['CheckName'], description: check['Description'] }, [
            'check_id',
            'check_name',
            'description',
          ]);
        })
      : undefined;
  const allow = object['AllowDelete'];
  if (typeof allow !== 'boolean' && !(typeof allow === 'string' && /^(true|false)$/.test(allow)))
    throw new ProviderPanic(`allow_delete: ${allow}`);
  return strings(
    {
      id: accountId,
      account_id: accountId,
      allow_delete: String(allow) === 'true',
      status: object['Status'],
      not_allow_reason: checks(object['NotAllowReason']),
      abandon_able_checks: checks(object['AbandonableChecks']),
    },
    ['status'],
  );
}
