import { notFoundError, sprint, WrappedError } from './terraform-errors.js';
import type { Refreshed } from './terraform-sdk.js';
import { describe, MINUTE, type Provider, rpcWithRetry } from './terraform-services.js';

/**
 * The legacy service helpers, alicloud/service_alicloud_resourcemanager.go (ResourcemanagerService,
 * without the underscore), which the account resource and the data sources still call: most send
 * `RegionId` in the body and wait 3 s between retries.
 */

/** GetPayerForAccount (legacy): RegionId in the body, the whole response returned. */
export const legacyGetPayerForAccount = (p: Provider, id: string) =>
  rpcWithRetry(p, {
    product: 'ResourceManager',
    action: 'GetPayerForAccount',
    body: { RegionId: p.regionId, AccountId: id },
    timeoutMs: 5 * MINUTE,
    wait: [3, 3],
  }).catch((err) => {
    throw new WrappedError('GetPayerForAccount', err);
  });

/** DescribeResourceManagerAccount (legacy): RegionId sent; EntityNotExists.ResourceDirectory also "gone". */
export const legacyDescribeAccount = (p: Provider, id: string) =>
  describe(
    p,
    {
      product: 'ResourceManager',
      action: 'GetAccount',
      body: { RegionId: p.regionId, AccountId: id },
      timeoutMs: 5 * MINUTE,
      wait: [3, 3],
    },
    { codes: ['EntityNotExists.Account', 'EntityNotExists.ResourceDirectory'], resource: 'ResourceManager:Account', id },
    '$.Account',
  );

/** DescribeResourceManagerFolder (legacy): autoRetry=false. */
export const legacyDescribeFolder = (p: Provider, id: string) =>
  describe(
    p,
    { product: 'ResourceManager', action: 'GetFolder', body: { FolderId: id }, timeoutMs: 5 * MINUTE, wait: [3, 3], autoRetry: false },
    { codes: ['EntityNotExists.Folder', 'EntityNotExists.ResourceDirectory'], resource: 'ResourceManagerFolder', id },
    '$.Folder',
  );

/** DescribeResourceManagerAccountDeletionCheckTask: GetAccountDeletionCheckResult, no not-found mapping. */
export const legacyDescribeDeletionCheck = (p: Provider, id: string) =>
  describe(
    p,
    { product: 'ResourceManager', action: 'GetAccountDeletionCheckResult', body: { AccountId: id }, timeoutMs: 5 * MINUTE, wait: [3, 3] },
    { codes: [], resource: 'AccountDeletionCheckTask', id },
    '$.AccountDeletionCheckResultInfo',
  );

/** ResourceManagerAccountDeletionCheckTaskStateRefreshFunc: not found is an untyped nil (the SDK counts those); the state is `Status`. */
export function deletionCheckRefresh(p: Provider, id: string): () => Promise<Refreshed> {
  return async () => {
    try {
      const object = await legacyDescribeDeletionCheck(p, id);
      return { result: object, state: sprint(object['Status']) };
    } catch (err) {
      if (notFoundError(err)) return { result: undefined, state: '' };
      throw err;
    }
  };
}
