import type { ApiVersion } from '../../../src/actions/action.js';
import type { Schema } from '../metadata.js';

/**
 * Where the response check departs from "every documented field, and nothing else", each with its
 * reason. Paths are schema paths: `Accounts.Account[].Tags`. An entry without `versions` holds for
 * every version that serves the Action. test/metadata-conformance.test.ts refuses stale entries: a
 * path the metadata does not document, a conditional field no scenario ever shows, an always-empty
 * list that had items, a later-documented field the metadata has meanwhile.
 */
interface Entry {
  readonly actions: readonly string[];
  readonly versions?: readonly ApiVersion[];
  readonly path: string;
  readonly reason: string;
}

/**
 * Documented fields that only some successful responses carry. The check lets them be absent, but
 * the scenario must show each in at least one response, so its type and shape are still checked.
 */
export const conditional: readonly Entry[] = [
  {
    actions: ['EnableResourceDirectory'],
    path: 'ResourceDirectory',
    reason: 'DryRun=true runs every check and creates nothing: a passing dry run answers with the RequestId alone',
  },
  {
    actions: ['CreateResourceAccount'],
    path: 'Account',
    reason: 'DryRun=true runs every check and creates nothing: a passing dry run answers with the RequestId alone',
  },
  { actions: ['GetFolder'], path: 'Folder.ParentFolderId', reason: 'Root has no parent folder' },
  { actions: ['GetAccount'], path: 'Account.Tags', reason: 'only with IncludeTags=true' },
  { actions: ['ListAccounts', 'ListAccountsForParent'], path: 'Accounts.Account[].Tags', reason: 'only with IncludeTags=true' },
  {
    actions: ['GetHandshake'],
    path: 'Handshake.InvitedAccountRealName',
    reason: "the real names are the invitee's to see: the management account's GetHandshake leaves both out",
  },
  {
    actions: ['GetHandshake'],
    path: 'Handshake.MasterAccountRealName',
    reason: "the real names are the invitee's to see: the management account's GetHandshake leaves both out",
  },
  {
    actions: ['ListTagResources', 'ListTagKeys', 'ListTagValues'],
    path: 'NextToken',
    // Terraform's tag reads loop until NextToken is missing or null: an empty string would loop for ever.
    reason: 'present only while more rows follow; the last page leaves it out',
  },
  {
    actions: ['GetAccountDeletionStatus'],
    path: 'RdAccountDeletionStatus.DeletionTime',
    // The metadata marks it `required` (its only required response field), yet while the status is
    // Checking or Deleting there is no deletion time to give; Canopy sets it once the status is Success.
    reason: 'the time the account was deleted: there is none until the status is Success',
  },
];

/**
 * Documented lists Canopy always answers empty: their item shape cannot be seen. Every other
 * documented list must have an item in some response of its scenario.
 */
export const alwaysEmpty: readonly Entry[] = [
  {
    actions: ['GetAccountDeletionCheckResult'],
    path: 'AccountDeletionCheckResultInfo.NotAllowReason',
    reason: 'Canopy has no cloud resources or finances that could block a deletion: every check allows it (docs/api.md)',
  },
  {
    actions: ['GetAccountDeletionCheckResult'],
    path: 'AccountDeletionCheckResultInfo.AbandonableChecks',
    reason: 'Canopy has no cloud resources or finances that could block a deletion: every check allows it (docs/api.md)',
  },
  {
    actions: ['GetAccountDeletionStatus'],
    path: 'RdAccountDeletionStatus.FailReasonList',
    reason: 'a deletion in Canopy cannot fail once it has started',
  },
  {
    actions: ['PrecheckForConsolidatedBillingAccount'],
    path: 'Reasons',
    reason: 'Canopy keeps no financial records: every account of the directory passes the precheck (docs/api.md)',
  },
  {
    actions: ['GetMessageContactDeletionStatus'],
    path: 'ContactDeletionStatus.FailReasonList',
    reason: 'taking a contact out of its members cannot fail in Canopy: a deletion reads Deleting until the contact is gone',
  },
];

/**
 * Fields missing from the metadata snapshot (July 2024) that Alibaba Cloud documents for the
 * operation since: the check treats them as documented, with this schema.
 */
export const documentedLater: readonly (Entry & { readonly schema: Schema })[] = [
  {
    actions: ['GetResourceDirectory'],
    // 2022-04-19 only: the ResourceManager 2020-03-31 reference (December 2025) and its SDK models
    // still have no such field, so Canopy answers it in 2022-04-19 only.
    versions: ['2022-04-19'],
    path: 'ResourceDirectory.MemberAccountDisplayNameSyncStatus',
    schema: { type: 'string', example: 'Enabled' },
    reason:
      'added with SetMemberDisplayNameSyncStatus: https://www.alibabacloud.com/help/en/resource-management/resource-directory/developer-reference/api-resourcedirectorymaster-2022-04-19-getresourcedirectory (July 2025)',
  },
];

export const appliesTo = (entry: Entry, version: ApiVersion, action: string) =>
  entry.actions.includes(action) && (entry.versions === undefined || entry.versions.includes(version));
