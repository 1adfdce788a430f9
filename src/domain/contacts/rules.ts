import { ApiError } from '../../errors/api-error.js';
import type { Site } from '../accounts/account.js';
import { EMAIL_MAX_LENGTH, isEmail } from '../directory/email-address.js';
import { ACCOUNT_ID, FOLDER_ID } from '../directory/ids.js';
import { parsePhone } from '../verification/phone.js';
import { type ContactTitle, MESSAGE_TYPES, type MessageType, TITLES } from './message-contact.js';

/** Limits the API documents for message contacts. */
export const MAX_CONTACTS_PER_DIRECTORY = 20;
export const MAX_BINDINGS_PER_CONTACT = 10;
export const MAX_MEMBERS_PER_CALL = 5;

const CONTACT_ID = /^c-[A-Za-z0-9]{16}$/;
const DIRECTORY_ID = /^rd-[A-Za-z0-9]+$/;
const NAME_INTERNATIONAL = /^[A-Za-z]{2,12}$/;
const NAME_CHINA = /^[A-Za-z\u4e00-\u9fa5]{2,12}$/;

export function requireContactId(value: string | undefined): string {
  if (!value) throw new ApiError('MissingParameter.ContactId');
  if (!CONTACT_ID.test(value)) throw new ApiError('InvalidParameter.ContactId');
  return value;
}

/** 2-12 letters (the China site also takes Chinese characters). */
export function checkName(site: Site, value: string): string {
  if ([...value].length < 2 || [...value].length > 12) throw new ApiError('InvalidParameter.Name.Length');
  if (!(site === 'china' ? NAME_CHINA : NAME_INTERNATIONAL).test(value)) throw new ApiError('InvalidParameter.Name');
  return value;
}

/** A plain address of at most 64 characters (the login emails' rule), kept lower-case as they are. */
export function checkEmail(value: string): string {
  if (value.length > EMAIL_MAX_LENGTH) throw new ApiError('InvalidParameter.EmailAddress.Length');
  if (!isEmail(value)) throw new ApiError('InvalidParameter.EmailAddress');
  return value.toLowerCase();
}

/** `86-<number>`: notices go to Chinese mainland numbers only, on either site. Returns the canonical form. */
export function checkPhone(value: string): string {
  const phone = parsePhone(value);
  if (phone === 'malformed') throw new ApiError('InvalidParameter.PhoneNumber');
  if (phone === 'unknown-country' || phone.countryCode !== '86') throw new ApiError('InvalidParameter.MobileCountryCode');
  return phone.canonical;
}

export function checkTitle(value: string): ContactTitle {
  if (!(TITLES as readonly string[]).includes(value)) throw new ApiError('InvalidParameter.Title');
  return value as ContactTitle;
}

/** At least one, each a documented type, none twice. */
export function checkMessageTypes(values: readonly string[]): MessageType[] {
  if (values.length === 0) throw new ApiError('MissingParameter.MessageTypes');
  if (new Set(values).size !== values.length || values.some((v) => !(MESSAGE_TYPES as readonly string[]).includes(v)))
    throw new ApiError('InvalidParameter.MessageTypes');
  return values as MessageType[];
}

/** What a contact can be bound to: the directory (`rd-…`), a folder (`r-…`, `fd-…`) or a member (16 digits). */
export type MemberKind = 'directory' | 'folder' | 'account';

export function memberKind(id: string): MemberKind | undefined {
  if (ACCOUNT_ID.test(id)) return 'account';
  if (FOLDER_ID.test(id)) return 'folder';
  if (DIRECTORY_ID.test(id)) return 'directory';
  return undefined;
}
