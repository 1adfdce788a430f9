import type { AccessKey, Account, ProfileType, Site } from '../domain/accounts/account.js';
import type { SecretBox } from './secret-box.js';
import type { Membership, PolicyStatus, ResourceDirectory, Switch } from '../domain/directory/resource-directory.js';
import type { DeliveryAttempt, MessageStatus, OutboxMessage } from '../domain/messages/message.js';
import type { CodePurpose, StoredCode } from '../domain/verification/store.js';

/**
 * The rows both engines store (same column names; times as integer milliseconds) and how they turn
 * into domain objects. Only the SQL differs between SQLite and PostgreSQL.
 */
export interface AccountRow {
  id: string;
  name: string;
  display_name: string;
  secure_phone: string | null;
  /** INTEGER 0/1 in SQLite, BOOLEAN in PostgreSQL. */
  enterprise_verified: number | boolean;
  enterprise_name: string;
  site: string;
  profile_type: string;
  created_at: number;
}

export const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  name: row.name,
  displayName: row.display_name,
  securePhone: row.secure_phone,
  enterpriseVerified: row.enterprise_verified === true || row.enterprise_verified === 1,
  enterpriseName: row.enterprise_name,
  site: row.site as Site,
  profileType: row.profile_type as ProfileType,
  createdAt: new Date(row.created_at),
});

export interface AccessKeyRow {
  id: string;
  account_id: string;
  secret_sealed: string;
  ram_user: string | null;
  created_at: number;
}

/** Opens the sealed secret on the way out; the plain secret is never stored. */
export const toAccessKey = (row: AccessKeyRow, box: SecretBox): AccessKey => ({
  id: row.id,
  accountId: row.account_id,
  secret: box.open(row.secret_sealed),
  ramUser: row.ram_user,
  createdAt: new Date(row.created_at),
});

export interface DirectoryRow {
  id: string;
  master_account_id: string;
  root_folder_id: string;
  created_at: number;
  control_policy_status: string;
  member_deletion_status: string;
  display_name_sync_status: string;
}

export const toDirectory = (row: DirectoryRow): ResourceDirectory => ({
  id: row.id,
  masterAccountId: row.master_account_id,
  rootFolderId: row.root_folder_id,
  createdAt: new Date(row.created_at),
  controlPolicyStatus: row.control_policy_status as PolicyStatus,
  memberDeletionStatus: row.member_deletion_status as Switch,
  memberDisplayNameSyncStatus: row.display_name_sync_status as Switch,
});

export interface MemberRow {
  account_id: string;
  directory_id: string;
  folder_id: string;
  role: 'master' | 'member';
  type: 'CloudAccount' | 'ResourceAccount';
  join_method: 'invited' | 'created';
  status: string;
  joined_at: number;
  modified_at: number;
}

export const toMembership = (row: MemberRow): Membership => ({
  accountId: row.account_id,
  directoryId: row.directory_id,
  folderId: row.folder_id,
  role: row.role,
  type: row.type,
  joinMethod: row.join_method,
  status: row.status,
  joinedAt: new Date(row.joined_at),
  modifiedAt: new Date(row.modified_at),
});

export interface CodeRow {
  id: string;
  account_id: string;
  purpose: CodePurpose;
  phone: string;
  code_hash: string;
  created_at: number;
  expires_at: number;
  attempts: number;
  consumed_at: number | null;
}

export const toCode = (row: CodeRow): StoredCode => ({
  id: row.id,
  accountId: row.account_id,
  purpose: row.purpose,
  phone: row.phone,
  codeHash: row.code_hash,
  createdAt: new Date(row.created_at),
  expiresAt: new Date(row.expires_at),
  attempts: row.attempts,
  consumedAt: row.consumed_at === null ? null : new Date(row.consumed_at),
});

export interface OutboxRow {
  id: string;
  account_id: string;
  purpose: CodePurpose;
  phone: string;
  code: string;
  validity_seconds: number;
  status: MessageStatus;
  created_at: number;
  sent_at: number | null;
  sender: string | null;
  attempts: number;
  next_attempt_at: number;
  provider_message_id: string | null;
  delivery_status: string | null;
}

export const toMessage = (row: OutboxRow): OutboxMessage => ({
  id: row.id,
  accountId: row.account_id,
  purpose: row.purpose,
  phone: row.phone,
  code: row.code,
  validitySeconds: row.validity_seconds,
  status: row.status,
  createdAt: new Date(row.created_at),
  sentAt: row.sent_at === null ? null : new Date(row.sent_at),
  sender: row.sender,
  attempts: row.attempts,
  nextAttemptAt: new Date(row.next_attempt_at),
  providerMessageId: row.provider_message_id,
  deliveryStatus: row.delivery_status,
});

export interface AttemptRow {
  message_id: string;
  round: number;
  sender: string;
  outcome: DeliveryAttempt['outcome'];
  provider_message_id: string | null;
  error: string | null;
  at: number;
  ms: number;
}

export const toAttempt = (row: AttemptRow): DeliveryAttempt => ({
  messageId: row.message_id,
  round: row.round,
  sender: row.sender,
  outcome: row.outcome,
  providerMessageId: row.provider_message_id,
  error: row.error,
  at: new Date(row.at),
  ms: row.ms,
});

/**
 * SQL (valid in both dialects) ranking a provider's delivery status, so that reports that arrive out
 * of order only ever move a message forward.
 */
export const statusRank = (value: string) =>
  `CASE ${value} WHEN 'accepted' THEN 1 WHEN 'scheduled' THEN 1 WHEN 'queued' THEN 2 WHEN 'sending' THEN 3 WHEN 'sent' THEN 4 ` +
  `WHEN 'delivered' THEN 5 WHEN 'undelivered' THEN 5 WHEN 'failed' THEN 5 WHEN 'read' THEN 6 ELSE 0 END`;
