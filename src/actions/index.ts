import { API_VERSIONS, type Action, type ApiVersion } from './action.js';
import createFolder from './create-folder.js';
import deleteFolder from './delete-folder.js';
import getFolder from './get-folder.js';
import listAncestors from './list-ancestors.js';
import listFoldersForParent from './list-folders-for-parent.js';
import updateFolder from './update-folder.js';
import createResourceAccount from './create-resource-account.js';
import getAccount from './get-account.js';
import listAccounts from './list-accounts.js';
import listAccountsForParent from './list-accounts-for-parent.js';
import moveAccount from './move-account.js';
import removeCloudAccount from './remove-cloud-account.js';
import setMemberDeletionPermission from './set-member-deletion-permission.js';
import setMemberDisplayNameSyncStatus from './set-member-display-name-sync-status.js';
import enableControlPolicy from './enable-control-policy.js';
import disableControlPolicy from './disable-control-policy.js';
import createControlPolicy from './create-control-policy.js';
import getControlPolicy from './get-control-policy.js';
import updateControlPolicy from './update-control-policy.js';
import deleteControlPolicy from './delete-control-policy.js';
import listControlPolicies from './list-control-policies.js';
import attachControlPolicy from './attach-control-policy.js';
import detachControlPolicy from './detach-control-policy.js';
import listControlPolicyAttachmentsForTarget from './list-control-policy-attachments-for-target.js';
import listTargetAttachmentsForControlPolicy from './list-target-attachments-for-control-policy.js';
import getControlPolicyEnablementStatus from './get-control-policy-enablement-status.js';
import checkAccountDelete from './check-account-delete.js';
import getAccountDeletionCheckResult from './get-account-deletion-check-result.js';
import deleteAccount from './delete-account.js';
import getAccountDeletionStatus from './get-account-deletion-status.js';
import updateAccount from './update-account.js';
import acceptHandshake from './accept-handshake.js';
import cancelHandshake from './cancel-handshake.js';
import declineHandshake from './decline-handshake.js';
import getHandshake from './get-handshake.js';
import inviteAccountToResourceDirectory from './invite-account-to-resource-directory.js';
import listHandshakesForAccount from './list-handshakes-for-account.js';
import listHandshakesForResourceDirectory from './list-handshakes-for-resource-directory.js';
import destroyResourceDirectory from './destroy-resource-directory.js';
import enableResourceDirectory from './enable-resource-directory.js';
import getResourceDirectory from './get-resource-directory.js';
import initResourceDirectory from './init-resource-directory.js';
import sendVerificationCodeForEnableRd from './send-verification-code-for-enable-rd.js';
import sendVerificationCodeForBindSecureMobilePhone from './send-verification-code-for-bind-secure-mobile-phone.js';
import bindSecureMobilePhone from './bind-secure-mobile-phone.js';
import getPayerForAccount from './get-payer-for-account.js';
import updatePayerForAccount from './update-payer-for-account.js';
import precheckForConsolidatedBillingAccount from './precheck-for-consolidated-billing-account.js';
import changeAccountEmail from './change-account-email.js';
import retryChangeAccountEmail from './retry-change-account-email.js';
import cancelChangeAccountEmail from './cancel-change-account-email.js';
import tagResources from './tag-resources.js';
import untagResources from './untag-resources.js';
import listTagResources from './list-tag-resources.js';
import listTagKeys from './list-tag-keys.js';
import listTagValues from './list-tag-values.js';
import addMessageContact from './add-message-contact.js';
import updateMessageContact from './update-message-contact.js';
import deleteMessageContact from './delete-message-contact.js';
import getMessageContact from './get-message-contact.js';
import listMessageContacts from './list-message-contacts.js';
import associateMembers from './associate-members.js';
import disassociateMembers from './disassociate-members.js';
import cancelMessageContactUpdate from './cancel-message-contact-update.js';
import getMessageContactDeletionStatus from './get-message-contact-deletion-status.js';
import listMessageContactVerifications from './list-message-contact-verifications.js';
import sendEmailVerificationForMessageContact from './send-email-verification-for-message-contact.js';
import sendPhoneVerificationForMessageContact from './send-phone-verification-for-message-contact.js';
import listTrustedServiceStatus from './list-trusted-service-status.js';
import registerDelegatedAdministrator from './register-delegated-administrator.js';
import deregisterDelegatedAdministrator from './deregister-delegated-administrator.js';
import listDelegatedAdministrators from './list-delegated-administrators.js';
import listDelegatedServicesForAccount from './list-delegated-services-for-account.js';

/** The registry, and the table of contents of the API Canopy serves. */
export const actions: readonly Action[] = [
  sendVerificationCodeForEnableRd,
  enableResourceDirectory,
  initResourceDirectory,
  getResourceDirectory,
  destroyResourceDirectory,
  createFolder,
  getFolder,
  listFoldersForParent,
  updateFolder,
  deleteFolder,
  listAncestors,
  createResourceAccount,
  getAccount,
  listAccounts,
  listAccountsForParent,
  updateAccount,
  moveAccount,
  removeCloudAccount,
  setMemberDeletionPermission,
  setMemberDisplayNameSyncStatus,
  enableControlPolicy,
  disableControlPolicy,
  createControlPolicy,
  getControlPolicy,
  updateControlPolicy,
  deleteControlPolicy,
  listControlPolicies,
  attachControlPolicy,
  detachControlPolicy,
  listControlPolicyAttachmentsForTarget,
  listTargetAttachmentsForControlPolicy,
  getControlPolicyEnablementStatus,
  checkAccountDelete,
  getAccountDeletionCheckResult,
  deleteAccount,
  getAccountDeletionStatus,
  inviteAccountToResourceDirectory,
  acceptHandshake,
  declineHandshake,
  cancelHandshake,
  getHandshake,
  listHandshakesForAccount,
  listHandshakesForResourceDirectory,
  sendVerificationCodeForBindSecureMobilePhone,
  bindSecureMobilePhone,
  getPayerForAccount,
  updatePayerForAccount,
  precheckForConsolidatedBillingAccount,
  changeAccountEmail,
  retryChangeAccountEmail,
  cancelChangeAccountEmail,
  tagResources,
  untagResources,
  listTagResources,
  listTagKeys,
  listTagValues,
  addMessageContact,
  updateMessageContact,
  deleteMessageContact,
  getMessageContact,
  listMessageContacts,
  associateMembers,
  disassociateMembers,
  cancelMessageContactUpdate,
  getMessageContactDeletionStatus,
  listMessageContactVerifications,
  sendEmailVerificationForMessageContact,
  sendPhoneVerificationForMessageContact,
  listTrustedServiceStatus,
  registerDelegatedAdministrator,
  deregisterDelegatedAdministrator,
  listDelegatedAdministrators,
  listDelegatedServicesForAccount,
];

/** Each version's Actions by name: what the pipeline looks a request up in. */
export type Registry = ReadonlyMap<ApiVersion, ReadonlyMap<string, Action>>;

export const registry: Registry = new Map(
  API_VERSIONS.map((version) => [version, new Map(actions.filter((a) => a.versions.includes(version)).map((a) => [a.name, a]))]),
);
