import type { CatalogEntry } from './entry.js';

/** Invitations: InviteAccountToResourceDirectory and the handshake operations (spec 6.2-6.7). */
export const handshakes = {
  'MissingParameter.TargetEntity': { status: 400, message: 'You must specify TargetEntity.' },
  'InvalidParameter.TargetEntity': { status: 400, message: 'The TargetEntity is invalid.' },
  'MissingParameter.TargetType': { status: 400, message: 'You must specify TargetType.' },
  'InvalidParameter.TargetType': { status: 400, message: 'The TargetType is invalid.' },
  'InvalidParameter.Note.Length': { status: 400, message: 'The length of the invitation note exceeds the limit.' },
  'LimitExceeded.InvitationRate': { status: 409, message: 'The number of invitations sent exceeds the limit.' },
  'EntityAlreadyExists.Handshake': { status: 409, message: 'Handshakes with the same target entity already exist.' },
  'MissingParameter.HandshakeId': { status: 400, message: 'You must specify HandshakeId.' },
  'InvalidParameter.HandshakeId': { status: 400, message: 'The HandshakeId is invalid.' },
  'EntityNotExists.Handshake': { status: 404, message: 'The specified handshake does not exist.' },
  HandshakeStatusMismatch: { status: 409, message: 'The invitation is invalid.' },
  SpecifiedResourceDirectoryNotExists: {
    status: 404,
    message: 'The specified resource directory does not exist. You must specify a valid resource directory.',
  },
  'NotSupport.Account.RealNameType': {
    status: 409,
    message: 'Your account is not a real-name of enterprise type, so you cannot accept the invitation.',
  },
} as const satisfies Record<string, CatalogEntry>;
