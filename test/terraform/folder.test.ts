import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { idFrom, isExpectedErrors, notFoundError, tagsToMap, WrappedError } from '../helpers/terraform-errors.js';
import { ResourceData } from '../helpers/terraform-sdk.js';
import {
  describeFolder,
  listTagResources,
  type Provider,
  rpcWithRetry,
  setResourceTags,
  describeOrDrop,
} from '../helpers/terraform-services.js';
import { managedDirectory } from './setup.js';

/**
 * alicloud_resource_manager_folder, replayed from alicloud/resource_alicloud_resource_manager_folder.go:
 * resourceAliCloudResourceManagerFolderCreate, …Read, …Update, …Delete (import: passthrough, then
 * Read), over service_alicloud_resource_manager_v2.go: DescribeResourceManagerFolder,
 * DescribeFolderListTagResources and SetResourceTags. `parent_folder_id` is ForceNew: a new parent
 * is a destroy and a create.
 */

const SCHEMA = { folder_name: 'string', parent_folder_id: 'string?', tags: 'map', create_time: 'string?' } as const;

async function create(p: Provider, d: ResourceData): Promise<void> {
  const body: Record<string, unknown> = {};
  const [parent, hasParent] = d.getOk('parent_folder_id');
  if (hasParent) body['ParentFolderId'] = parent;
  body['FolderName'] = d.get('folder_name');
  const response = await rpcWithRetry(p, {
    product: 'ResourceManager',
    action: 'CreateFolder',
    body,
    timeoutMs: d.timeoutMs,
    codes: ['ConcurrentCallNotSupported'],
  }).catch((err) => {
    throw new WrappedError('CreateFolder', err);
  });
  d.id = idFrom('$.Folder.FolderId', response);
  d.isNew = true;
  await update(p, d);
}

async function read(p: Provider, d: ResourceData): Promise<void> {
  const object = await describeOrDrop(d, () => describeFolder(p, d.id));
  if (object === undefined) return;
  d.setAttr('create_time', object['CreateTime']);
  d.setAttr('folder_name', object['FolderName']);
  d.setAttr('parent_folder_id', object['ParentFolderId']);
  let tags: unknown[] | undefined;
  try {
    tags = await listTagResources(p, d.id, 'Folder', 'ResourceDirectoryMaster');
  } catch (err) {
    if (!notFoundError(err)) throw err;
  }
  d.setAttr('tags', tagsToMap(tags));
}

async function update(p: Provider, d: ResourceData): Promise<void> {
  if (!d.isNew && d.hasChange('folder_name')) {
    await rpcWithRetry(p, {
      product: 'ResourceManager',
      action: 'UpdateFolder',
      body: { FolderId: d.id, NewFolderName: d.get('folder_name') },
      timeoutMs: d.timeoutMs,
      codes: ['ConcurrentCallNotSupported'],
    }).catch((err) => {
      throw new WrappedError('UpdateFolder', err);
    });
  }
  await setResourceTags(p, d, 'Folder');
  await read(p, d);
}

async function destroy(p: Provider, d: ResourceData): Promise<void> {
  try {
    await rpcWithRetry(p, {
      product: 'ResourceManager',
      action: 'DeleteFolder',
      body: { FolderId: d.id },
      timeoutMs: d.timeoutMs,
      codes: ['ConcurrentCallNotSupported'],
    });
  } catch (err) {
    if (isExpectedErrors(err, ['EntityNotExists.Folder', 'EntityNotExists.ResourceDirectory']) || notFoundError(err)) return;
    throw new WrappedError('DeleteFolder', err);
  }
}

/** Twelve tags: more than one page of ListTagResources (10 by default), so the NextToken loop runs. */
const TAGS: Record<string, string> = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${String(i).padStart(2, '0')}`, `v${i}`]));

describe('terraform: alicloud_resource_manager_folder', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('create (under Root and under a parent, with tags), refresh, rename and retag, move (ForceNew), import, destroy, refresh when gone', async () => {
    const { p, rootId } = await managedDirectory(harness);
    const parent = new ResourceData(SCHEMA, {}, { folder_name: 'tf-parent' });
    await create(p, parent);
    assert.deepEqual(p.client.sequence(), ['RM CreateFolder', 'RM GetFolder', 'RDM ListTagResources']);
    assert.equal(p.client.calls[0]!.body['ParentFolderId'], undefined, 'an unset parent is not sent');
    assert.deepEqual(parent.result().state, {
      folder_name: 'tf-parent',
      parent_folder_id: rootId,
      tags: {},
      create_time: parent.result().state['create_time'],
    });

    // A value that needs Go's form encoding: space as '+', the signature with %20, and '*' '~' '(' ')' '!'.
    const tags: Record<string, string> = { ...TAGS, 'cost center': 'ops (east) *~!' };
    const child = new ResourceData(SCHEMA, {}, { folder_name: 'tf-child_1.0', parent_folder_id: parent.id, tags });
    const before = p.client.calls.length;
    await create(p, child);
    assert.deepEqual(p.client.sequence().slice(before), [
      'RM CreateFolder',
      'RDM TagResources',
      'RM GetFolder',
      'RDM ListTagResources',
      'RDM ListTagResources', // 13 tags: a second page through NextToken
    ]);
    let { id, state } = child.result();
    assert.equal(state['parent_folder_id'], parent.id);
    assert.deepEqual(state['tags'], tags);

    assert.deepEqual(new ResourceData(SCHEMA, state, { folder_name: 'tf-child_1.0', parent_folder_id: parent.id, tags }, id).changes(), []);
    // Refresh: nothing moves.
    const refreshed = ResourceData.refresh(SCHEMA, id, state);
    await read(p, refreshed);
    assert.deepEqual(refreshed.result(), { id, state });

    // Rename, drop one tag, change one, add one: UpdateFolder, Untag (dropped and changed keys), Tag (the whole new map).
    const { k00: _dropped, ...rest } = tags;
    const retagged = { ...rest, k01: 'changed', added: 'yes' };
    const calls = p.client.calls.length;
    const u = new ResourceData(SCHEMA, state, { folder_name: 'tf-child-renamed', tags: retagged }, id);
    await update(p, u);
    assert.deepEqual(p.client.sequence().slice(calls, calls + 3), ['RM UpdateFolder', 'RDM UntagResources', 'RDM TagResources']);
    assert.deepEqual(
      Object.values(p.client.calls[calls + 1]!.body)
        .filter((v) => v.startsWith('k'))
        .sort(),
      ['k00', 'k01'],
    );
    ({ id, state } = u.result());
    assert.equal(state['folder_name'], 'tf-child-renamed');
    assert.deepEqual(state['tags'], retagged);

    // Import: Read by ID alone gives the same state.
    const imported = ResourceData.refresh(SCHEMA, id);
    await read(p, imported);
    assert.deepEqual(imported.result().state, state);

    // A new parent_folder_id replaces the folder: destroy, then create under Root.
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    const moved = new ResourceData(SCHEMA, {}, { folder_name: 'tf-child-renamed', parent_folder_id: rootId });
    await create(p, moved);
    assert.equal(moved.result().state['parent_folder_id'], rootId);

    // The replaced folder is gone: refresh drops it, a second destroy is a no-op.
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await read(p, gone);
    assert.equal(gone.id, '');
    assert.equal(p.client.calls.at(-1)?.code, 'EntityNotExists.Folder');
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.equal(p.client.calls.at(-1)?.code, 'EntityNotExists.Folder');
  });

  test('after the directory itself is destroyed, Read and Delete see EntityNotExists.ResourceDirectory as gone', async () => {
    const { p } = await managedDirectory(harness);
    const d = new ResourceData(SCHEMA, {}, { folder_name: 'short-lived' });
    await create(p, d);
    const { id, state } = d.result();
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    await p.client.rpcPost('ResourceManager', 'DestroyResourceDirectory', {});
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await read(p, gone);
    assert.equal(gone.id, '');
    assert.equal(p.client.calls.at(-1)?.code, 'EntityNotExists.ResourceDirectory');
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.equal(p.client.calls.at(-1)?.code, 'EntityNotExists.ResourceDirectory');
  });

  test('ConcurrentCallNotSupported on CreateFolder, UpdateFolder, DeleteFolder and TagResources is retried until it passes', async () => {
    const { p } = await managedDirectory(harness);
    for (const action of ['CreateFolder', 'TagResources', 'UpdateFolder', 'DeleteFolder']) {
      await harness.admin('POST', '/_canopy/faults', { action, code: 'ConcurrentCallNotSupported', times: 2 });
    }
    const d = new ResourceData(SCHEMA, {}, { folder_name: 'contended', tags: { a: '1' } });
    await create(p, d);
    const u = new ResourceData(SCHEMA, d.result().state, { folder_name: 'contended-2', tags: { a: '1' } }, d.id);
    await update(p, u);
    await destroy(p, ResourceData.refresh(SCHEMA, u.id, u.result().state));
    const refused = p.client.calls.filter((c) => c.code === 'ConcurrentCallNotSupported').map((c) => c.action);
    assert.deepEqual(refused, [
      'CreateFolder',
      'CreateFolder',
      'TagResources',
      'TagResources',
      'UpdateFolder',
      'UpdateFolder',
      'DeleteFolder',
      'DeleteFolder',
    ]);
    const gone = ResourceData.refresh(SCHEMA, u.id, u.result().state);
    await read(p, gone);
    assert.equal(gone.id, '');
  });
});
