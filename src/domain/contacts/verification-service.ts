import { ApiError } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import { isEmail } from '../directory/email-address.js';
import type { DomainStores } from '../store.js';
import { parsePhone } from '../verification/phone.js';
import type { VerificationService } from '../verification/service.js';
import type { CodePurpose } from '../verification/store.js';
import { contactIn, type MessageContactService } from './contact-service.js';
import { type ContactChannel, type MessageContact, pendingTargets } from './message-contact.js';
import { checkEmail, checkPhone, requireContactId } from './rules.js';

const PURPOSE: Readonly<Record<ContactChannel, CodePurpose>> = { email: 'MessageContactEmail', phone: 'MessageContactPhone' };

/** What a confirmation page ends with: the contact whose address is now confirmed, or why not. */
export type ConfirmOutcome =
  | { readonly kind: 'confirmed'; readonly contact: MessageContact; readonly target: string }
  | { readonly kind: 'malformed' | 'nothing-pending' };

/**
 * Confirming a contact's email address and phone number. A code goes to the address (an email with
 * a link to the confirmation page, or an SMS), through the machinery of every verification code:
 * 6 digits, kept hashed, 10 minutes, five tries, single use, the management account's daily quota
 * of 100 sends per purpose, and for SMS the production-mode phone protections. The contact's owner
 * enters it on Canopy's confirmation page (/verify-contact), which knows the address and the code.
 */
export class ContactVerificationService {
  constructor(
    private readonly clock: Clock,
    private readonly contacts: MessageContactService,
    private readonly verification: VerificationService,
  ) {}

  /** SendEmailVerificationForMessageContact: `email` must be the contact's address awaiting confirmation. */
  async sendEmail(tx: DomainStores, caller: Account, input: { contactId: string | undefined; email: string | undefined }): Promise<void> {
    const id = requireContactId(input.contactId);
    if (!input.email) throw new ApiError('MissingParameter.EmailAddress');
    // The API documents no length code for this operation: an address too long to be a contact's is invalid.
    if (!isEmail(input.email)) throw new ApiError('InvalidParameter.EmailAddress');
    await this.send(tx, caller, id, 'email', checkEmail(input.email));
  }

  /** SendPhoneVerificationForMessageContact: `phone` must be the contact's number awaiting confirmation. */
  async sendPhone(tx: DomainStores, caller: Account, input: { contactId: string | undefined; phone: string | undefined }): Promise<void> {
    const id = requireContactId(input.contactId);
    if (!input.phone) throw new ApiError('MissingParameter.PhoneNumber');
    await this.send(tx, caller, id, 'phone', checkPhone(input.phone));
  }

  /**
   * The confirmation page's POST. Every contact with a live code to this address has its code
   * checked (each check takes one of that code's tries); the one whose code matches has the address
   * confirmed. Wrong codes keep their tries taken even though the page refuses.
   */
  async confirm(tx: DomainStores, input: { target: string | undefined; code: string | undefined }): Promise<ConfirmOutcome> {
    const parsed = targetOf(input.target);
    if (parsed === undefined || !input.code || !/^\d{6}$/.test(input.code)) return { kind: 'malformed' };
    const { channel, target } = parsed;
    const purpose = PURPOSE[channel];
    const holders = await tx.verification.liveHolders(purpose, target, this.clock.now());
    if (holders.length === 0) return { kind: 'nothing-pending' };
    for (const holder of holders) {
      try {
        await this.verification.verify(tx, { accountId: holder, purpose, phone: target }, input.code, true, 'Invalid.VerificationCode');
      } catch (error) {
        if (error instanceof ApiError && error.code === 'Invalid.VerificationCode') continue;
        throw error;
      }
      const contact = await tx.contacts.get(holder);
      const pending = contact?.deletionDueAt === null && pendingTargets(contact).some((p) => p.channel === channel && p.target === target);
      if (!contact || !pending) return { kind: 'nothing-pending' };
      const confirmed = { value: target, verified: true, previous: null };
      const updated =
        channel === 'email' ? Object.assign({}, contact, { email: confirmed }) : Object.assign({}, contact, { phone: confirmed });
      await tx.contacts.update(updated);
      return { kind: 'confirmed', contact: updated, target };
    }
    // The tries the wrong codes took stay taken: the page refuses, the writes are kept.
    throw new ApiError('Invalid.VerificationCode', { keepWrites: true });
  }

  private async send(tx: DomainStores, caller: Account, id: string, channel: ContactChannel, target: string): Promise<void> {
    const directory = await this.contacts.enter(tx, caller, 'read');
    const contact = await contactIn(tx, directory, id);
    // A contact being deleted awaits no confirmation any more.
    const pending = contact.deletionDueAt === null && pendingTargets(contact).some((p) => p.channel === channel && p.target === target);
    if (!pending) throw new ApiError('EntityNotExists.Contact.Verification');
    await this.verification.send(tx, { accountId: directory.masterAccountId, purpose: PURPOSE[channel], phone: target, holder: id });
  }
}

/** An email address or a `<country code>-<number>`, in the form codes are sent to; anything else was sent none. */
function targetOf(value: string | undefined): { channel: ContactChannel; target: string } | undefined {
  if (!value) return undefined;
  if (isEmail(value)) return { channel: 'email', target: checkEmail(value) };
  const phone = parsePhone(value);
  return typeof phone === 'string' ? undefined : { channel: 'phone', target: phone.canonical };
}
