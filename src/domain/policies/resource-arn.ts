import type { ResourceDirectory } from '../directory/resource-directory.js';
import type { DomainStores } from '../store.js';
import { resourceDirectoryPath } from './path.js';

/** The wire parameters that name the folder of a `folder/{#ResourceDirectoryPath}` resource, first present wins; none: Root. */
const FOLDER_PARAMETERS = ['FolderId', 'DestinationFolderId', 'ParentFolderId'] as const;

/**
 * The resource a request acts on, from the ARN pattern its Action documents: `{#accountId}` is the
 * account that owns Resource Directory resources (the management account), `{#ResourceDirectoryPath}`
 * the folder's or member's path in the directory, other `{#Name}`s the request's parameter of that
 * name. What cannot be resolved (an unknown ID, a missing parameter) stays `*`, which only a
 * statement on every resource of its kind matches (docs/control-policies.md).
 */
export async function resolveResource(
  tx: DomainStores,
  directory: ResourceDirectory,
  pattern: string,
  params: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const normalized = pattern.replace(/^acs:resourcemanager::/, 'acs:resourcemanager:*:');
  let path: string | undefined;
  if (normalized.includes('{#ResourceDirectoryPath}')) {
    if (normalized.includes(':account/')) {
      const accountId = params['AccountId'];
      path = accountId === undefined ? undefined : await resourceDirectoryPath(tx, directory, 'account', accountId);
    } else {
      const folderId = FOLDER_PARAMETERS.map((name) => params[name]).find((v) => v !== undefined && v !== '') ?? directory.rootFolderId;
      path = await resourceDirectoryPath(tx, directory, 'folder', folderId);
    }
  }
  return normalized.replace(/\{#([A-Za-z]+)\}/g, (_match, name: string) => {
    if (name === 'accountId') return directory.masterAccountId;
    if (name === 'ResourceDirectoryPath') return path ?? '*';
    return params[name] || '*';
  });
}
