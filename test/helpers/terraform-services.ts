import type { Harness, TestAccount } from './harness.js';
import {
  asArray,
  asMap,
  isExpectedErrors,
  jsonpathGet,
  needRetry,
  notFoundError,
  ResourceNotFound,
  sprint,
  WrappedError,
} from './terraform-errors.js';
import { fatal, incrementalWait, OK, ProviderTime, type Refreshed, type ResourceData, retry, retryable } from './terraform-sdk.js';
import { type Product, type TerraformClient, terraformClient } from './terraform-wire.js';

/**
 * The provider's service helpers the resources and data sources share, replayed call for call:
 * alicloud/service_alicloud_resource_manager_v2.go (ResourceManagerServiceV2); the legacy
 * ResourcemanagerService ones are in terraform-legacy-services.ts. Each is named after its Go function.
 */

export interface Provider {
  readonly client: TerraformClient;
  readonly time: ProviderTime;
  /** The provider's `region` setting: the legacy helpers send it as a body parameter. */
  readonly regionId: string;
}

export const providerFor = (harness: Harness, account: TestAccount): Provider => ({
  client: terraformClient(harness, account),
  time: new ProviderTime(harness),
  regionId: 'cn-hangzhou',
});

export const MINUTE = 60_000;

/**
 * The provider's usual call: `resource.Retry(timeout, …RpcPost…)`, retrying while the error is one
 * of `codes` or NeedRetry, sleeping incrementalWait(first, inc) before each retry. Returns the
 * response; throws the raw error, as the callers' code checks see it.
 */
export async function rpcWithRetry(
  p: Provider,
  call: {
    product: Product;
    action: string;
    body: Record<string, unknown> | null;
    timeoutMs: number;
    codes?: readonly string[];
    wait?: readonly [number, number];
    autoRetry?: boolean;
  },
): Promise<Record<string, any>> {
  const wait = incrementalWait(p.time, ...(call.wait ?? [3, 5]));
  let response: Record<string, any> = {};
  await retry(p.time, call.timeoutMs, async () => {
    try {
      response = await p.client.rpcPost(call.product, call.action, call.body, call.autoRetry ?? true);
      return OK;
    } catch (err) {
      if (isExpectedErrors(err, call.codes ?? []) || needRetry(err)) {
        await wait();
        return retryable(err);
      }
      return fatal(err);
    }
  });
  return response;
}

/** Describe* tail: a not-found code becomes NotFoundErr, anything else is wrapped; then `$.<path>` must be a map. */
export async function describe(
  p: Provider,
  call: Parameters<typeof rpcWithRetry>[1],
  gone: { codes: readonly string[]; resource: string; id: string },
  path: string,
): Promise<Record<string, any>> {
  let response: Record<string, any>;
  try {
    response = await rpcWithRetry(p, call);
  } catch (err) {
    if (gone.codes.length > 0 && isExpectedErrors(err, gone.codes)) throw new ResourceNotFound(gone.resource, gone.id, err);
    throw new WrappedError(call.action, err);
  }
  return asMap(jsonpathGet(path, response), path);
}

/**
 * The Read preamble every resource shares: the object its Describe returns, or undefined when the
 * object is gone and the resource is not new (`d.SetId("")`: Terraform drops it from state).
 */
export async function describeOrDrop(
  d: ResourceData,
  describeFn: () => Promise<Record<string, any>>,
): Promise<Record<string, any> | undefined> {
  try {
    return await describeFn();
  } catch (err) {
    if (!d.isNew && notFoundError(err)) {
      d.id = '';
      return undefined;
    }
    throw err;
  }
}

/** DescribeResourceManagerResourceDirectory: RDM GetResourceDirectory, the ID is not sent. */
export const describeResourceDirectory = (p: Provider, id: string) =>
  describe(
    p,
    { product: 'ResourceDirectoryMaster', action: 'GetResourceDirectory', body: {}, timeoutMs: MINUTE },
    { codes: ['ResourceDirectoryNotInUse'], resource: 'ResourceDirectory', id },
    '$.ResourceDirectory',
  );

/**
 * The V2 StateRefreshFuncs (ResourceManagerResourceDirectoryStateRefreshFunc and its siblings): not
 * found is state "" with a typed-nil object (so no not-found counting), any other error ends the wait.
 */
export function v2Refresh(
  describeFn: () => Promise<Record<string, any>>,
  field: string,
  failStates: readonly string[],
): () => Promise<Refreshed> {
  return async () => {
    let object: Record<string, any>;
    try {
      object = await describeFn();
    } catch (err) {
      if (notFoundError(err)) return { result: null, state: '' };
      throw err;
    }
    const state = stateOf(field, object);
    if (failStates.includes(state)) throw new Error(`Failed to reach target status. Last status: ${state}.`);
    return { result: object, state };
  };
}

/** `v, _ := jsonpath.Get(field, object); fmt.Sprint(v)`: a missing field reads "<nil>". */
function stateOf(field: string, object: unknown): string {
  const path = field.startsWith('$') ? field : `$.${field}`;
  try {
    return sprint(jsonpathGet(path, object));
  } catch {
    return '<nil>';
  }
}

/** DescribeResourceManagerFolder (V2): RM GetFolder. */
export const describeFolder = (p: Provider, id: string) =>
  describe(
    p,
    { product: 'ResourceManager', action: 'GetFolder', body: { FolderId: id }, timeoutMs: MINUTE },
    { codes: ['EntityNotExists.Folder', 'EntityNotExists.ResourceDirectory'], resource: 'Folder', id },
    '$.Folder',
  );

/**
 * DescribeFolderListTagResources (V2, RDM) and the legacy ListTagResources (RM, autoRetry=false): pages joined. `$.TagResources` must exist and be an
 * array; the loop ends only when NextToken is missing or null, so an empty NextToken would never end:
 * the replay stops after 100 pages and calls that the provider hanging.
 */
export async function listTagResources(p: Provider, id: string, resourceType: 'Folder' | 'Account', product: Product): Promise<unknown[]> {
  const request: Record<string, unknown> = { 'ResourceId.1': id, ResourceType: resourceType };
  const tags: unknown[] = [];
  for (let page = 0; page < 100; page++) {
    let response: Record<string, any> = {};
    try {
      // The legacy helper (Account, RM) calls with autoRetry=false and waits 3s,3s; so does the V2 one.
      response = await rpcWithRetry(p, {
        product,
        action: 'ListTagResources',
        body: request,
        timeoutMs: 5 * MINUTE,
        wait: [3, 3],
        autoRetry: product === 'ResourceDirectoryMaster',
      });
    } catch (err) {
      throw new WrappedError('ListTagResources', err);
    }
    const v = jsonpathGet('$.TagResources', response);
    if (v !== null) tags.push(...asArray(v, '$.TagResources'));
    if (response['NextToken'] === undefined || response['NextToken'] === null) return tags;
    request['NextToken'] = response['NextToken'];
  }
  throw new Error('ListTagResources: NextToken never ran out; the provider would loop forever');
}

/** DescribeResourceManagerAccount (V2): RM GetAccount. */
export const describeAccount = (p: Provider, id: string) =>
  describe(
    p,
    { product: 'ResourceManager', action: 'GetAccount', body: { AccountId: id }, timeoutMs: MINUTE },
    { codes: ['EntityNotExists.Account'], resource: 'Account', id },
    '$.Account',
  );

/**
 * DescribeAsyncResourceManagerAccountStateRefreshFunc over DescribeAsyncGetAccountDeletionStatus:
 * not found is state ""; any other error is ignored and reads as "<nil>"; polling goes on either way.
 */
export function accountDeletionRefresh(p: Provider, id: string, failStates: readonly string[]): () => Promise<Refreshed> {
  return async () => {
    let response: Record<string, any> | undefined;
    try {
      response = await rpcWithRetry(p, {
        product: 'ResourceManager',
        action: 'GetAccountDeletionStatus',
        body: { AccountId: id },
        timeoutMs: MINUTE,
      });
    } catch (err) {
      if (notFoundError(err)) return { result: null, state: '' };
    }
    const state = stateOf('$.RdAccountDeletionStatus.Status', response);
    if (failStates.includes(state)) throw new Error(`Failed to reach target status. Last status: ${state}.`);
    return { result: response ?? null, state };
  };
}

/**
 * SetResourceTags (V2): when tags changed, RDM UntagResources for removed or changed keys,
 * then RDM TagResources with the whole new map (Go map order: the replay shuffles it).
 */
export async function setResourceTags(p: Provider, d: ResourceData, resourceType: 'Folder' | 'Account' | 'ControlPolicy'): Promise<void> {
  if (!d.hasChange('tags')) return;
  const [before, after] = d.getChange('tags') as [Record<string, string>, Record<string, string>];
  const removed = Object.keys(before).filter((k) => !(k in after) || after[k] !== before[k]);
  const kept = removed.filter((k) => !/^(aliyun|acs:|http:\/\/|https:\/\/)/.test(k));
  const write = (action: string, body: Record<string, unknown>) =>
    rpcWithRetry(p, {
      product: 'ResourceDirectoryMaster',
      action,
      body: { 'ResourceId.1': d.id, ...body, ResourceType: resourceType },
      timeoutMs: d.timeoutMs,
      codes: ['ConcurrentCallNotSupported'],
    });
  if (kept.length > 0) await write('UntagResources', Object.fromEntries(kept.map((k, i) => [`TagKey.${i + 1}`, k])));
  const added = shuffled(Object.entries(after));
  if (added.length > 0) {
    await write(
      'TagResources',
      Object.fromEntries(
        added.flatMap(([k, v], i) => [
          [`Tag.${i + 1}.Key`, k],
          [`Tag.${i + 1}.Value`, v],
        ]),
      ),
    );
  }
}

/** Go map iteration order is random; the server must not depend on Tag.N order. */
export function shuffled<T>(items: readonly T[]): T[] {
  return [...items]
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}

/** DescribeResourceManagerHandshake and …HandshakeAcceptance: HandshakeStatusMismatch is a synthetic Accepted; `goneWhen` decides by Status. */
export async function describeHandshake(p: Provider, id: string, goneWhen: (status: string) => boolean): Promise<Record<string, any>> {
  let response: Record<string, any>;
  try {
    response = await rpcWithRetry(p, { product: 'ResourceManager', action: 'GetHandshake', body: { HandshakeId: id }, timeoutMs: MINUTE });
  } catch (err) {
    if (isExpectedErrors(err, ['HandshakeStatusMismatch'])) return { HandshakeId: id, Status: 'Accepted' };
    if (isExpectedErrors(err, ['EntityNotExists.Handshake'])) throw new ResourceNotFound('Handshake', id, err);
    throw new WrappedError('GetHandshake', err);
  }
  const handshake = asMap(jsonpathGet('$.Handshake', response), '$.Handshake');
  if (goneWhen(sprint(handshake['Status']))) throw new ResourceNotFound('Handshake', id);
  return handshake;
}
