import { ApiError, missingParameter } from '../../errors/api-error.js';
import type { Account, Site } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import type { ResourceDirectory } from '../directory/resource-directory.js';
import type { DirectoryAccess, DirectoryScope } from '../directory/scope.js';
import { type Page, type PageRequest, page } from '../paging.js';
import { alnum, type Random, uniqueId } from '../random.js';
import type { DomainStores } from '../store.js';
import { type ContactBinding, type ContactStatus, type ContactTarget, contactStatus, type MessageContact } from './message-contact.js';
import { checkEmail, checkMessageTypes, checkName, checkPhone, checkTitle, MAX_CONTACTS_PER_DIRECTORY, requireContactId } from './rules.js';

export interface ContactSettings {
  /** How long an asynchronous deletion (RetainContactInMembers=false) runs on the emulator clock. */
  readonly deletionSeconds: number;
}

/** A contact as the API shows it: its status and the members, folders or directory it is bound to. */
export interface ContactView {
  readonly contact: MessageContact;
  readonly status: ContactStatus;
  readonly bindings: readonly ContactBinding[];
}

export interface NewContact {
  readonly name: string | undefined;
  readonly email: string | undefined;
  readonly phone: string | undefined;
  readonly title: string | undefined;
  readonly messageTypes: readonly string[];
}

/**
 * Message contacts of a directory, managed by its management account. Writes take the directory
 * lock, so the 20-contacts and 10-bindings limits hold on every instance; names are unique per
 * directory (a SQL unique index decides between concurrent adds).
 */
export class MessageContactService {
  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly site: Site,
    private readonly scope: DirectoryScope,
    private readonly settings: ContactSettings,
  ) {}

  async add(tx: DomainStores, caller: Account, input: NewContact): Promise<MessageContact> {
    if (!input.name) throw new ApiError('MissingParameter.Name');
    const name = checkName(this.site, input.name);
    if (!input.email) throw new ApiError('MissingParameter.EmailAddress');
    const email = checkEmail(input.email);
    const phone = input.phone ? checkPhone(input.phone) : undefined;
    if (!input.title) throw new ApiError('MissingParameter.Title');
    const title = checkTitle(input.title);
    const messageTypes = checkMessageTypes(input.messageTypes);
    const directory = await this.enter(tx, caller, 'write');
    if ((await tx.contacts.count(directory.id)) >= MAX_CONTACTS_PER_DIRECTORY) throw new ApiError('LimitExceeded.Contacts');
    const contact: MessageContact = {
      id: await uniqueId(
        () => `c-${alnum(this.random, 16)}`,
        async (id) => (await tx.contacts.get(id)) !== undefined,
      ),
      directoryId: directory.id,
      name,
      title,
      messageTypes,
      email: { value: email, verified: false, previous: null },
      phone: phone === undefined ? null : { value: phone, verified: false, previous: null },
      deletionDueAt: null,
      createdAt: this.clock.now(),
    };
    if (!(await tx.contacts.insert(contact))) throw new ApiError('InvalidParameter.Name.AlreadyUsed');
    return contact;
  }

  /**
   * Changes what is given; a new address or number awaits confirmation, the confirmed one stays until
   * then. An empty `PhoneNumber` (given, but empty) takes the number off the contact, as Terraform
   * sends it when `phone_number` leaves the configuration.
   */
  async update(
    tx: DomainStores,
    caller: Account,
    input: Partial<NewContact> & { contactId: string | undefined; messageTypes: readonly string[] },
  ): Promise<void> {
    const id = requireContactId(input.contactId);
    const name = input.name ? checkName(this.site, input.name) : undefined;
    const email = input.email ? checkEmail(input.email) : undefined;
    const phone = input.phone ? checkPhone(input.phone) : undefined;
    const title = input.title ? checkTitle(input.title) : undefined;
    const messageTypes = input.messageTypes.length > 0 ? checkMessageTypes(input.messageTypes) : undefined;
    const directory = await this.enter(tx, caller, 'write');
    const contact = await changeable(tx, directory, id);
    const updated: MessageContact = Object.assign({}, contact, {
      name: name ?? contact.name,
      title: title ?? contact.title,
      messageTypes: messageTypes ?? contact.messageTypes,
      email: email === undefined ? contact.email : changeTarget(contact.email, email),
      phone: input.phone === '' ? null : phone === undefined ? contact.phone : changeTarget(contact.phone, phone),
    });
    if (!(await tx.contacts.update(updated))) throw new ApiError('InvalidParameter.Name.AlreadyUsed');
  }

  /** Restores the confirmed address or number a pending change would replace. */
  async cancelUpdate(
    tx: DomainStores,
    caller: Account,
    input: { contactId: string | undefined; email: string | undefined; phone: string | undefined },
  ): Promise<void> {
    const id = requireContactId(input.contactId);
    const email = input.email ? checkEmail(input.email) : undefined;
    const phone = input.phone ? checkPhone(input.phone) : undefined;
    if (email === undefined && phone === undefined) throw missingParameter('EmailAddress');
    const directory = await this.enter(tx, caller, 'write');
    const contact = await changeable(tx, directory, id);
    let updated = contact;
    if (email !== undefined) {
      const restored = restore(contact.email, email);
      // An address that was never confirmed has nothing to go back to, and a contact needs one.
      if (restored === null) throw new ApiError('ContactStatusMismatchAction');
      updated = Object.assign({}, updated, { email: restored });
    }
    if (phone !== undefined) updated = Object.assign({}, updated, { phone: restore(contact.phone, phone) });
    await tx.contacts.update(updated);
  }

  /**
   * With `retainInMembers` (the default) the contact goes at once ('Deleted'); without, it is first
   * taken out of the members it serves, which runs `deletionSeconds` ('Deleting').
   */
  async delete(
    tx: DomainStores,
    caller: Account,
    input: { contactId: string | undefined; retainInMembers: boolean },
  ): Promise<'Deleted' | 'Deleting'> {
    const id = requireContactId(input.contactId);
    const directory = await this.enter(tx, caller, 'write');
    const contact = await contactIn(tx, directory, id);
    if (contact.deletionDueAt !== null) return 'Deleting';
    if (input.retainInMembers) {
      await tx.contacts.remove(id);
      return 'Deleted';
    }
    const due = new Date(this.clock.now().getTime() + this.settings.deletionSeconds * 1000);
    await tx.contacts.update(Object.assign({}, contact, { deletionDueAt: due }));
    return 'Deleting';
  }

  async deletionStatus(tx: DomainStores, caller: Account, contactId: string | undefined): Promise<MessageContact> {
    const id = requireContactId(contactId);
    const directory = await this.enter(tx, caller, 'read');
    const contact = await contactIn(tx, directory, id);
    if (contact.deletionDueAt === null) throw new ApiError('ContactStatusMismatchAction');
    return contact;
  }

  async get(tx: DomainStores, caller: Account, contactId: string | undefined): Promise<ContactView> {
    const id = requireContactId(contactId);
    const directory = await this.enter(tx, caller, 'read');
    const contact = await contactIn(tx, directory, id);
    return { contact, status: contactStatus(contact), bindings: (await tx.contacts.bindings([id])).get(id) ?? [] };
  }

  /** The caller's directory, entered: contact deletions that have fallen due are finished first. */
  async enter(tx: DomainStores, caller: Account, access: DirectoryAccess): Promise<ResourceDirectory> {
    const directory = await this.scope.managed(tx, caller, access);
    for (const id of await tx.contacts.dueDeletions(directory.id, this.clock.now())) await tx.contacts.remove(id);
    return directory;
  }

  /** Contacts with their bindings, for lists. */
  async views(tx: DomainStores, contacts: readonly MessageContact[]): Promise<ContactView[]> {
    const bindings = await tx.contacts.bindings(contacts.map((c) => c.id));
    return contacts.map((contact) => ({ contact, status: contactStatus(contact), bindings: bindings.get(contact.id) ?? [] }));
  }

  /** Pages of a directory's contacts (one contact, or those bound to `memberId`, when asked). */
  async page(tx: DomainStores, directory: ResourceDirectory, request: PageRequest, memberId?: string): Promise<Page<ContactView>> {
    const found = await page(
      request,
      () => tx.contacts.count(directory.id, memberId),
      (offset, limit) => tx.contacts.list(directory.id, memberId, offset, limit),
    );
    return { total: found.total, items: await this.views(tx, found.items) };
  }
}

/** A contact of this directory; another directory's does not exist for this caller. */
export async function contactIn(tx: DomainStores, directory: ResourceDirectory, id: string): Promise<MessageContact> {
  const contact = await tx.contacts.get(id);
  if (!contact || contact.directoryId !== directory.id) throw new ApiError('EntityNotExists.Contact');
  return contact;
}

/** A contact that may still change: not being deleted. */
export async function changeable(tx: DomainStores, directory: ResourceDirectory, id: string): Promise<MessageContact> {
  const contact = await contactIn(tx, directory, id);
  if (contact.deletionDueAt !== null) throw new ApiError('ContactStatusMismatchAction');
  return contact;
}

function changeTarget(current: ContactTarget | null, value: string): ContactTarget {
  if (current === null) return { value, verified: false, previous: null };
  if (value === current.value) return current;
  const confirmed = current.verified ? current.value : current.previous;
  // Going back to the confirmed value needs no new confirmation.
  if (value === confirmed) return { value, verified: true, previous: null };
  return { value, verified: false, previous: confirmed };
}

/** The target with its pending `value` withdrawn: its confirmed value, or null when it never had one. */
function restore(current: ContactTarget | null, value: string): ContactTarget | null {
  if (current === null || current.verified || current.value !== value) throw new ApiError('ContactStatusMismatchAction');
  return current.previous === null ? null : { value: current.previous, verified: true, previous: null };
}
