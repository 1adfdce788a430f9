import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { models, sdkClient, startServer, type Harness } from '../helpers/harness.js';
import { WrappedError } from '../helpers/terraform-errors.js';
import { providerFor } from '../helpers/terraform-services.js';
import { TeaSdkError } from '../helpers/terraform-wire.js';
import { accountDeletionCheckTask, folders, handshakes, PAGE_SIZE, resourceDirectories } from './data-source-reads.js';
import { enableMemberDeletion, invitedMember, managedDirectory } from './setup.js';

/**
 * The data sources alicloud_resource_manager_resource_directories, _folders, _handshakes and
 * _account_deletion_check_task; their Reads are replayed in data-source-reads.ts (provider files and
 * functions named there). alicloud_resource_manager_accounts is in accounts-data-source.test.ts.
 */

const failsWith = (code: string) => (err: unknown) =>
  err instanceof WrappedError && err.cause instanceof TeaSdkError && err.cause.code === code;

describe('terraform: Resource Directory data sources', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer({ CANOPY_INVITATION_DAILY_LIMIT: '200' });
  });
  after(() => harness.close());

  test('resource_directories: one RM GetResourceDirectory, for the management account and for a member; none without a directory', async () => {
    const { account, p, rdId, rootId } = await managedDirectory(harness);
    const read = await resourceDirectories(p);
    assert.deepEqual(p.client.sequence(), ['RM GetResourceDirectory']);
    assert.equal(read.id, rdId);
    const [directory] = read.directories;
    assert.deepEqual(
      [directory!.resource_directory_id, directory!.master_account_id, directory!.master_account_name, directory!.root_folder_id],
      [rdId, account.accountId, account.accountName, rootId],
    );
    // `status` is read from ScpStatus, a field the 2020-03-31 API does not document: nil, so "".
    assert.equal(directory!.status, undefined);

    const invitee = await invitedMember(harness, p);
    assert.equal((await resourceDirectories(providerFor(harness, invitee))).id, rdId);
    // No directory: the data source fails (it maps nothing to "not found").
    const standalone = providerFor(harness, await harness.createAccount());
    await assert.rejects(() => resourceDirectories(standalone), failsWith('ResourceDirectoryNotInUse'));
  });

  test('folders: pages of 50 until a short one, the filters, enable_details (GetFolder per folder)', async () => {
    const { p, rootId } = await managedDirectory(harness);
    const created: string[] = [];
    for (let i = 0; i < PAGE_SIZE; i++) {
      created.push(
        (await p.client.rpcPost('ResourceManager', 'CreateFolder', { FolderName: `tf-folder-${String(i).padStart(2, '0')}` }))['Folder'][
          'FolderId'
        ],
      );
    }
    p.client.calls.length = 0;
    // Exactly 50: the full first page asks for a second, which is empty and ends the loop.
    const full = await folders(p);
    assert.deepEqual(p.client.sequence(), ['RM ListFoldersForParent', 'RM ListFoldersForParent']);
    assert.deepEqual(
      p.client.calls.map((c) => [c.body['PageNumber'], c.body['PageSize']]),
      [
        ['1', '50'],
        ['2', '50'],
      ],
    );
    assert.deepEqual(full.ids, created);

    const extra = (await p.client.rpcPost('ResourceManager', 'CreateFolder', { FolderName: 'tf-extra' }))['Folder']['FolderId'];
    const child = (await p.client.rpcPost('ResourceManager', 'CreateFolder', { FolderName: 'tf-child', ParentFolderId: extra }))['Folder'][
      'FolderId'
    ];
    assert.deepEqual((await folders(p)).ids, [...created, extra], 'direct children of Root, over two pages');
    assert.deepEqual((await folders(p, { parentFolderId: extra })).names, ['tf-child']);
    assert.deepEqual((await folders(p, { queryKeyword: 'EXTRA' })).ids, [extra]);
    assert.deepEqual((await folders(p, { nameRegex: /^tf-folder-0[0-2]$/ })).names, ['tf-folder-00', 'tf-folder-01', 'tf-folder-02']);

    p.client.calls.length = 0;
    const detailed = await folders(p, { ids: [extra, created[3]!], enableDetails: true });
    assert.deepEqual(
      detailed.folders.map((f) => [f['folder_id'], f['parent_folder_id']]),
      [
        [created[3], rootId],
        [extra, rootId],
      ],
    );
    assert.deepEqual(p.client.sequence(), ['RM ListFoldersForParent', 'RM ListFoldersForParent', 'RM GetFolder', 'RM GetFolder']);
    assert.deepEqual((await folders(p, { parentFolderId: child })).ids, [], 'an empty page still carries Folders.Folder');
  });

  test('handshakes: pages of 50, the status and ids filters, enable_details (GetHandshake with RegionId)', async () => {
    const { p } = await managedDirectory(harness);
    const invitees = [];
    for (let i = 0; i <= PAGE_SIZE; i++) invitees.push(await harness.createAccount());
    const ids: string[] = [];
    for (const invitee of invitees) {
      ids.push(
        (
          await p.client.rpcPost('ResourceManager', 'InviteAccountToResourceDirectory', {
            TargetEntity: invitee.accountId,
            TargetType: 'Account',
          })
        )['Handshake']['HandshakeId'],
      );
    }
    await sdkClient(harness, invitees[0]!).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: ids[0] }));
    await p.client.rpcPost('ResourceManager', 'CancelHandshake', { HandshakeId: ids[1] });
    p.client.calls.length = 0;

    const all = await handshakes(p);
    assert.deepEqual(p.client.sequence(), ['RM ListHandshakesForResourceDirectory', 'RM ListHandshakesForResourceDirectory']);
    assert.deepEqual(all.ids, ids);
    assert.deepEqual((await handshakes(p, { status: 'Accepted' })).ids, [ids[0]]);
    assert.deepEqual((await handshakes(p, { status: 'Cancelled' })).ids, [ids[1]]);
    assert.equal((await handshakes(p, { status: 'Pending' })).ids.length, PAGE_SIZE - 1);

    p.client.calls.length = 0;
    const detailed = await handshakes(p, { ids: [ids[2]!], enableDetails: true });
    assert.deepEqual(p.client.sequence().slice(-1), ['RM GetHandshake']);
    assert.equal(p.client.calls.at(-1)!.body['RegionId'], p.regionId);
    const [item] = detailed.handshakes;
    assert.deepEqual([item!['target_entity'], item!['status'], item!['target_type']], [invitees[2]!.accountId, 'Pending', 'Account']);
    // The real names are the invitee's view; the management account reads none (nil, so "").
    assert.deepEqual([item!['invited_account_real_name'], item!['master_account_real_name']], [undefined, undefined]);
  });

  test('account_deletion_check_task: CheckAccountDelete, then GetAccountDeletionCheckResult until PreCheckComplete, then once more', async () => {
    const { p } = await managedDirectory(harness);
    await enableMemberDeletion(p);
    const accountId = (await p.client.rpcPost('ResourceManager', 'CreateResourceAccount', { DisplayName: 'tf-checked' }))['Account'][
      'AccountId'
    ];
    p.client.calls.length = 0;
    const task = await accountDeletionCheckTask(p, accountId);
    assert.deepEqual(p.client.sequence(), [
      'RM CheckAccountDelete',
      'RM GetAccountDeletionCheckResult',
      'RM GetAccountDeletionCheckResult',
    ]);
    assert.deepEqual(task, {
      id: accountId,
      account_id: accountId,
      allow_delete: true,
      status: 'PreCheckComplete',
      not_allow_reason: [],
      abandon_able_checks: [],
    });
    // Without the member-deletion switch the check is refused, and the data source fails.
    await p.client.rpcPost('ResourceManager', 'SetMemberDeletionPermission', { Status: 'Disabled' });
    await assert.rejects(() => accountDeletionCheckTask(p, accountId), failsWith('NoLicense.ResourceDirectory'));
  });
});
