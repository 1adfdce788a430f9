import type { CatalogEntry } from './entry.js';

/**
 * Message contacts (2022-04-19): AddMessageContact, UpdateMessageContact, DeleteMessageContact, GetMessageContact,
 * ListMessageContacts, AssociateMembers, DisassociateMembers, CancelMessageContactUpdate, their verifications.
 */
export const messageContacts = {
  'MissingParameter.Name': { status: 400, message: 'You must specify Name.' },
  'InvalidParameter.Name': { status: 400, message: 'The Name is invalid.' },
  'InvalidParameter.Name.Length': { status: 400, message: 'The Name exceeds the length limit.' },
  'InvalidParameter.Name.AlreadyUsed': { status: 400, message: 'The Name already exists. Please change to another name.' },
  'MissingParameter.EmailAddress': { status: 400, message: 'You must specify EmailAddress.' },
  'InvalidParameter.EmailAddress': { status: 400, message: 'The EmailAddress is invalid.' },
  'MissingParameter.PhoneNumber': { status: 400, message: 'You must specify PhoneNumber.' },
  'InvalidParameter.PhoneNumber': { status: 400, message: 'The PhoneNumber is invalid.' },
  'MissingParameter.Title': { status: 400, message: 'You must specify Title.' },
  'InvalidParameter.Title': { status: 400, message: 'The Title is invalid.' },
  'MissingParameter.MessageTypes': { status: 400, message: 'You must specify MessageTypes.' },
  'InvalidParameter.MessageTypes': { status: 400, message: 'The MessageTypes is invalid.' },
  'LimitExceeded.Contacts': { status: 400, message: 'The maximum number of contacts in a resource directory exceeds the limit.' },
  'InvalidParameter.EmailAddress.Length': { status: 400, message: 'The EmailAddress exceeds the length limit.' },
  ConcurrentCallNotSupported: { status: 429, message: 'The operation conflicts with other operations. Please try again later.' },
  'InvalidParameter.ContactId': { status: 400, message: 'The ContactId is invalid.' },
  'MissingParameter.ContactId': { status: 400, message: 'You must specify ContactId.' },
  'InvalidParameter.Members': { status: 400, message: 'The Members is invalid.' },
  'InvalidParameter.Members.Duplicate': { status: 400, message: 'The Members contains duplicate values.' },
  'LimitExceeded.ContactMembers': { status: 400, message: 'The maximum number of contact members exceeds the limit.' },
  InvalidMember: { status: 400, message: 'The member does not exist in the resource directory.' },
  ContactStatusMismatchAction: { status: 400, message: 'The status of the contact does not allow the specified operation.' },
  'EntityNotExists.Contact': { status: 404, message: 'This Contact does not exist.' },
  'InvalidParameter.Members.Length': { status: 400, message: 'The maximum number of Members exceeds the limit.' },
  'QuotaExceeded.Members': { status: 400, message: 'The maximum number of Members exceeds the limit.' },
  'InvalidParameter.Member': { status: 400, message: 'The Member is invalid.' },
  'EntityNotExists.Member': { status: 404, message: 'This Member does not exist.' },
  'EntityNotExists.Contact.Verification': { status: 404, message: 'This contact verification does not exist.' },
} as const satisfies Record<string, CatalogEntry>;
