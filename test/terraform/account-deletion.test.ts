import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { WrappedError } from '../helpers/terraform-errors.js';
import { ResourceData } from '../helpers/terraform-sdk.js';
import type { Provider } from '../helpers/terraform-services.js';
import { TeaSdkError } from '../helpers/terraform-wire.js';
import { ACCOUNT_SCHEMA as SCHEMA, createAccount, deleteAccount, readAccount } from './account-resource.js';
import { enableMemberDeletion, managedDirectory } from './setup.js';

/**
 * alicloud_resource_manager_account destroy, replayed from
 * alicloud/resource_alicloud_resource_manager_account.go: resourceAliCloudResourceManagerAccountDelete
 * and preCheckResourceManagerAccountDelete, over service_alicloud_resource_manager_v2.go
 * (DescribeAsyncResourceManagerAccountStateRefreshFunc) and service_alicloud_resourcemanager.go
 * (DescribeResourceManagerAccountDeletionCheckTask, ResourceManagerAccountDeletionCheckTaskStateRefreshFunc).
 * The provider's sleeps move the emulator clock, which is what lets Canopy's check (5 s) and
 * deletion (10 s) run their course during a replay.
 */

const CHECK_SECONDS = 5;
const DELETION_SECONDS = 10;

async function member(p: Provider, displayName: string): Promise<{ id: string; state: Record<string, unknown> }> {
  const d = new ResourceData(SCHEMA, {}, { display_name: displayName });
  await createAccount(p, d);
  p.client.calls.length = 0;
  return d.result();
}

describe('terraform: alicloud_resource_manager_account (destroy)', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer({
      CANOPY_DELETION_CHECK_SECONDS: String(CHECK_SECONDS),
      CANOPY_DELETION_SECONDS: String(DELETION_SECONDS),
    });
  });
  after(() => harness.close());

  test('plain destroy: DeleteAccount runs its own check, the poll stops at Deleting; the account is gone once the deletion is done', async () => {
    const { p } = await managedDirectory(harness);
    await enableMemberDeletion(p);
    const { id, state } = await member(p, 'tf-plain');
    await deleteAccount(p, ResourceData.refresh(SCHEMA, id, state));
    // The 5 s Delay of the wait covers Canopy's check, so the first poll reads Deleting.
    assert.deepEqual(p.client.sequence(), ['RM DeleteAccount', 'RM GetAccountDeletionStatus']);
    assert.deepEqual(p.client.calls[0]!.body, { AccountId: id }, 'no AbandonableCheckId without force_delete or check IDs');

    await harness.advanceClock(DELETION_SECONDS);
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await readAccount(p, gone);
    assert.equal(gone.id, '', 'EntityNotExists.Account drops it from state');
    assert.equal(p.client.calls.at(-1)?.code, 'EntityNotExists.Account');
    // A destroy of an account that is gone: a 404, which the provider takes as done, without polling.
    const before = p.client.calls.length;
    await deleteAccount(p, ResourceData.refresh(SCHEMA, id, state));
    assert.deepEqual(p.client.sequence().slice(before), ['RM DeleteAccount']);
  });

  test('force_delete: CheckAccountDelete, GetAccountDeletionCheckResult until PreCheckComplete, then DeleteAccount with AbandonableCheckId=""', async () => {
    const { p } = await managedDirectory(harness);
    await enableMemberDeletion(p);
    const { id, state } = await member(p, 'tf-forced');
    await deleteAccount(p, ResourceData.refresh(SCHEMA, id, { ...state, force_delete: true }));
    assert.deepEqual(p.client.sequence(), [
      'RM CheckAccountDelete',
      'RM GetAccountDeletionCheckResult', // after the 5 s Delay: PreCheckComplete
      'RM GetAccountDeletionCheckResult', // the read of the abandonable checks
      'RM DeleteAccount',
      'RM GetAccountDeletionStatus',
    ]);
    // No abandonable checks: convertListToJsonString gives "", which is still sent.
    assert.deepEqual(p.client.calls[3]!.body, { AccountId: id, AbandonableCheckId: '' });
    assert.ok(p.client.calls.every((c) => c.status === 200));
    await harness.advanceClock(DELETION_SECONDS);
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await readAccount(p, gone);
    assert.equal(gone.id, '');
  });

  test('abandonable_check_id and the deprecated abandon_able_check_id go out as one JSON array string', async () => {
    const { p } = await managedDirectory(harness);
    await enableMemberDeletion(p);
    for (const attribute of ['abandonable_check_id', 'abandon_able_check_id']) {
      const { id, state } = await member(p, `tf-${attribute.replaceAll('_', '-')}`);
      await deleteAccount(p, ResourceData.refresh(SCHEMA, id, { ...state, [attribute]: ['NON_SP_cs', 'NON_SP_efc'] }));
      assert.equal(p.client.calls[0]!.body['AbandonableCheckId'], '["NON_SP_cs","NON_SP_efc"]');
      assert.equal(p.client.calls[0]!.status, 200);
    }
  });

  test('a check still running (the deletion check data source just ran): DeleteAccount waits for it instead of refusing', async () => {
    const { p } = await managedDirectory(harness);
    await enableMemberDeletion(p);
    const { id, state } = await member(p, 'tf-checking');
    await p.client.rpcPost('ResourceManager', 'CheckAccountDelete', { AccountId: id }, false);
    await harness.advanceClock(2);
    p.client.calls.length = 0;
    await deleteAccount(p, ResourceData.refresh(SCHEMA, id, state));
    // No NotSupportedOperation.PreCheckingAccount to retry: the deletion carries on once the check is done.
    assert.deepEqual(p.client.sequence(), ['RM DeleteAccount', 'RM GetAccountDeletionStatus']);
  });

  test('ConcurrentCallNotSupported on CheckAccountDelete and DeleteAccount is retried, as the provider does', async () => {
    const { p } = await managedDirectory(harness);
    await enableMemberDeletion(p);
    const { id, state } = await member(p, 'tf-contended');
    await harness.admin('POST', '/_canopy/faults', { action: 'CheckAccountDelete', code: 'ConcurrentCallNotSupported', times: 2 });
    await harness.admin('POST', '/_canopy/faults', { action: 'DeleteAccount', code: 'ConcurrentCallNotSupported', times: 2 });
    await deleteAccount(p, ResourceData.refresh(SCHEMA, id, { ...state, force_delete: true }));
    assert.deepEqual(
      p.client.calls.filter((c) => c.status !== 200).map((c) => c.action),
      ['CheckAccountDelete', 'CheckAccountDelete', 'DeleteAccount', 'DeleteAccount'],
    );
    assert.equal(p.client.calls.at(-1)?.action, 'GetAccountDeletionStatus');
  });

  test('member deletion disabled: DeleteAccount answers NoLicense.ResourceDirectory, which the provider reports (no retry, not "gone")', async () => {
    const { p } = await managedDirectory(harness);
    const { id, state } = await member(p, 'tf-protected');
    await assert.rejects(
      () => deleteAccount(p, ResourceData.refresh(SCHEMA, id, state)),
      (err: unknown) => err instanceof WrappedError && err.cause instanceof TeaSdkError && err.cause.code === 'NoLicense.ResourceDirectory',
    );
    assert.deepEqual(p.client.sequence(), ['RM DeleteAccount']);
  });

  test('destroying the directory right after: the provider stops waiting at Deleting, the directory waits for the deletion to finish', async () => {
    const { p } = await managedDirectory(harness);
    await enableMemberDeletion(p);
    const { id, state } = await member(p, 'tf-last');
    await deleteAccount(p, ResourceData.refresh(SCHEMA, id, state));
    // Terraform destroys the directory next; the member is still Deleting, so the directory is not empty yet.
    await assert.rejects(
      () => p.client.rpcPost('ResourceManager', 'DestroyResourceDirectory', {}),
      (err: unknown) => err instanceof TeaSdkError && err.code === 'DeleteConflict.ResourceDirectory.Account',
    );
    await harness.advanceClock(DELETION_SECONDS);
    await p.client.rpcPost('ResourceManager', 'DestroyResourceDirectory', {});
  });
});
