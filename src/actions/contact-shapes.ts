import type { ContactView } from '../domain/contacts/contact-service.js';
import type { ContactBinding } from '../domain/contacts/message-contact.js';
import { indexedValues } from '../protocol/indexed-params.js';
import { chinaDateTime } from './action.js';

/** `MessageTypes.N` or `Members.N`, uncapped: the domain answers too many with the documented codes. */
export const listParam = (params: Readonly<Record<string, unknown>>, prefix: 'MessageTypes' | 'Members') =>
  indexedValues(params, prefix).map((e) => e.value);

/** A contact as GetMessageContact and ListMessageContacts show it; a contact without a phone shows an empty one. */
export function contactShape({ contact, status, bindings }: ContactView) {
  return {
    ContactId: contact.id,
    Name: contact.name,
    EmailAddress: contact.email.value,
    PhoneNumber: contact.phone?.value ?? '',
    Title: contact.title,
    MessageTypes: [...contact.messageTypes],
    Members: bindings.map((b) => b.memberId),
    Status: status,
    CreateDate: chinaDateTime(contact.createdAt),
  };
}

/** An item of AssociateMembers / DisassociateMembers. */
export const bindingShape = (b: ContactBinding) => ({
  ContactId: b.contactId,
  MemberId: b.memberId,
  ModifyDate: chinaDateTime(b.associatedAt),
});
