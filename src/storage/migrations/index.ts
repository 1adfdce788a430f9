import { initial } from './001-initial.js';
import { phoneGuard } from './002-phone-guard.js';
import { deliveryRounds } from './003-delivery-rounds.js';
import { members } from './004-members.js';
import { handshakes } from './005-handshakes.js';
import { ramUserAccessKeys } from './006-ram-user-access-keys.js';
import { accountDeletions } from './007-account-deletions.js';
import { membersFolderIndex } from './008-members-folder-index.js';
import { directory2022 } from './009-directory-2022.js';
import { resourceTags } from './010-resource-tags.js';
import { emailChannel } from './011-email-channel.js';
import { messageContacts } from './012-message-contacts.js';
import { wrongTryBudgets } from './014-wrong-try-budgets.js';
import { listInsertionOrder } from './015-list-insertion-order.js';
import { controlPolicies } from './016-control-policies.js';
import { delegatedAdministrators } from './017-delegated-administrators.js';
import { retention } from './018-retention.js';
import { recordRetention } from './019-record-retention.js';
import { sqliteOutboxAccount } from './020-sqlite-outbox-account.js';
import { noncesByMinute } from './021-nonces-by-minute.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/**
 * The schema, in order, for both engines. A new migration is a new file `NNN-name.ts` beside these,
 * added at the end of this list with the next version; an applied migration is never edited in a
 * way that changes what it does. Each engine's runner (sqlite/migrate.ts, postgres/migrate.ts)
 * applies each version once, in its own transaction.
 */
export const migrations: readonly Migration[] = [
  initial,
  phoneGuard,
  deliveryRounds,
  members,
  handshakes,
  ramUserAccessKeys,
  accountDeletions,
  membersFolderIndex,
  directory2022,
  resourceTags,
  emailChannel,
  messageContacts,
  wrongTryBudgets,
  listInsertionOrder,
  controlPolicies,
  delegatedAdministrators,
  retention,
  recordRetention,
  sqliteOutboxAccount,
  noncesByMinute,
];

/** Tables `reset` empties, children first; settings survive so a reset does not rotate the server secret. */
export const dataTables = [
  'delegated_administrators',
  'trusted_service_enablements',
  'account_deletions',
  'control_policy_attachments',
  'control_policies',
  'resource_tags',
  'email_changes',
  'message_contact_members',
  'message_contacts',
  'handshakes',
  'nonces',
  'delivery_attempts',
  'outbox',
  'wrong_try_budgets',
  'verification_codes',
  'code_quota',
  'members',
  'folders',
  'directories',
  'access_keys',
  'accounts',
  'phone_send_windows',
  'country_send_hours',
] as const;
