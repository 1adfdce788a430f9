import type { CatalogEntry } from './entry.js';

/**
 * Control policies (CreateControlPolicy … ListTargetAttachmentsForControlPolicy, the feature switch).
 * The API documents EntityNotExists.Target, NotSupport.DetachLastControlPolicy and
 * InvalidControlPolicyEnablementStatus (the last for CheckAccountDelete and DeleteAccount). The other
 * codes are not in the metadata: EntityNotExists.ControlPolicy is the code Terraform's provider
 * expects for a policy that is gone; the rest follow the names and messages Alibaba Cloud documents
 * for the same refusals of resource control policies (EntityNotExists.ResourceControlPolicy,
 * EntityAlreadyExists.ResourceControlPolicy, EntityAlreadyExists.ResourceControlPolicyAttachment,
 * DeleteConflict.SystemResourceControlPolicy), with "control policy" for "resource control policy".
 * Each is marked `canopy` and described in docs/errors.md.
 */
export const controlPolicies = {
  'EntityNotExists.Target': { status: 404, message: 'The specified target does not exist in the resource directory.' },
  'NotSupport.DetachLastControlPolicy': { status: 400, message: 'It is not detach the last control policy on the target node.' },
  InvalidControlPolicyEnablementStatus: {
    status: 409,
    message: 'The control policy enablement status is not valid to perform this operation.',
  },
  'EntityNotExists.ControlPolicy': { status: 404, message: 'The specified control policy does not exist.', origin: 'canopy' },
  'EntityAlreadyExists.ControlPolicy': { status: 409, message: 'The control policy already exists.', origin: 'canopy' },
  'EntityAlreadyExists.ControlPolicyAttachment': {
    status: 409,
    message: 'The control policy attachment already exists.',
    origin: 'canopy',
  },
  'EntityNotExists.ControlPolicyAttachment': {
    status: 404,
    message: 'The specified control policy attachment does not exist.',
    origin: 'canopy',
  },
  'DeleteConflict.SystemControlPolicy': { status: 409, message: 'The system control policy cannot be deleted.', origin: 'canopy' },
  'NotSupport.UpdateSystemControlPolicy': { status: 409, message: 'The system control policy cannot be updated.', origin: 'canopy' },
  'DeleteConflict.ControlPolicy.Attachment': {
    status: 409,
    message: 'The control policy is attached to one or more targets. Detach it before you delete it.',
    origin: 'canopy',
  },
  'LimitExceeded.ControlPolicy': {
    status: 409,
    message: 'The maximum number of custom control policies in the resource directory is exceeded.',
    origin: 'canopy',
  },
  'LimitExceeded.ControlPolicyAttachment': {
    status: 409,
    message: 'The maximum number of custom control policies attached to the target is exceeded.',
    origin: 'canopy',
  },
} as const satisfies Record<string, CatalogEntry>;
