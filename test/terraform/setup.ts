/**
 * Terraform's alicloud provider, replayed from its source against Canopy (the transport and the
 * provider's own helpers are in test/helpers/terraform-*.ts). One test file per resource or data
 * source of Resource Directory:
 *
 * - alicloud_resource_manager_resource_directory: resource-directory.test.ts
 * - alicloud_resource_manager_folder: folder.test.ts
 * - alicloud_resource_manager_account: account.test.ts (create, read, update, import) and
 *   account-deletion.test.ts (destroy, force_delete), over account-resource.ts
 * - alicloud_resource_manager_handshake: handshake.test.ts
 * - alicloud_resource_manager_handshake_acceptance: handshake-acceptance.test.ts
 * - data sources resource_directories, folders, handshakes, account_deletion_check_task:
 *   data-sources.test.ts, over data-source-reads.ts; accounts: accounts-data-source.test.ts
 * - the wire form itself: wire-form.test.ts
 * - alicloud_resource_manager_message_contact: message-contact.test.ts
 * - alicloud_resource_manager_delegated_administrator and the data source delegated_administrators:
 *   delegated-administrator.test.ts (the provider has no delegated_services data source)
 * - alicloud_resource_manager_control_policy: control-policy.test.ts
 * - alicloud_resource_manager_control_policy_attachment: control-policy-attachment.test.ts
 * - data sources control_policies, control_policy_attachments: control-policy-data-sources.test.ts
 *   (the provider's control-policy service helpers: test/helpers/terraform-control-policies.ts)
 */
import { type Harness, models, sdkClient, type TestAccount } from '../helpers/harness.js';
import { type Provider, providerFor } from '../helpers/terraform-services.js';

/**
 * A management account with its directory, made the way a Terraform configuration makes it
 * (alicloud_resource_manager_resource_directory: RM InitResourceDirectory), and a provider
 * connection for it. The calls made here are cleared, so a test's sequence starts with its own.
 */
export async function managedDirectory(
  harness: Harness,
  accountBody: Record<string, unknown> = {},
): Promise<{ account: TestAccount; p: Provider; rdId: string; rootId: string }> {
  const account = await harness.createAccount(accountBody);
  const p = providerFor(harness, account);
  const response = await p.client.rpcPost('ResourceManager', 'InitResourceDirectory', {});
  p.client.calls.length = 0;
  return { account, p, rdId: response['ResourceDirectory']['ResourceDirectoryId'], rootId: response['ResourceDirectory']['RootFolderId'] };
}

/**
 * An outsider invited into the directory (RM InviteAccountToResourceDirectory, as the provider's
 * handshake resource sends it) who accepted with the typed SDK: a CloudAccount member.
 */
export async function invitedMember(harness: Harness, p: Provider, accountBody: Record<string, unknown> = {}): Promise<TestAccount> {
  const invitee = await harness.createAccount(accountBody);
  const invited = await p.client.rpcPost('ResourceManager', 'InviteAccountToResourceDirectory', {
    TargetEntity: invitee.accountId,
    TargetType: 'Account',
  });
  await sdkClient(harness, invitee).acceptHandshake(
    new models.AcceptHandshakeRequest({ handshakeId: invited['Handshake']['HandshakeId'] }),
  );
  return invitee;
}

/** The member-deletion switch, as alicloud_resource_manager_resource_directory sets `member_deletion_status`. */
export async function enableMemberDeletion(p: Provider): Promise<void> {
  await p.client.rpcPost('ResourceManager', 'SetMemberDeletionPermission', { Status: 'Enabled' });
  p.client.calls.length = 0;
}
