import { ApiError } from '../../errors/api-error.js';
import type { Account } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import type { ResourceDirectory } from '../directory/resource-directory.js';
import type { Page, PageRequest } from '../paging.js';
import type { DomainStores } from '../store.js';
import { changeable, contactIn, type ContactView, type MessageContactService } from './contact-service.js';
import { type ContactBinding, pendingTargets } from './message-contact.js';
import { MAX_BINDINGS_PER_CONTACT, MAX_CONTACTS_PER_DIRECTORY, MAX_MEMBERS_PER_CALL, memberKind, requireContactId } from './rules.js';

/** A contact in a list bound to a member: when it was bound there (or, unfiltered, most recently anywhere). */
export interface ListedContact extends ContactView {
  readonly associatedAt: Date | null;
}

/**
 * What contacts are bound to (AssociateMembers, DisassociateMembers), and the lists that read
 * contacts by binding or by what awaits confirmation.
 */
export class ContactBindingService {
  constructor(
    private readonly clock: Clock,
    private readonly contacts: MessageContactService,
  ) {}

  /** Binds 1-5 members, folders or the directory itself; at most 10 per contact. Binding one twice keeps the first. */
  async associate(tx: DomainStores, caller: Account, input: { contactId: string | undefined; members: readonly string[] }) {
    const id = requireContactId(input.contactId);
    const members = checkMembers(input.members, 'InvalidParameter.Members');
    const directory = await this.contacts.enter(tx, caller, 'write');
    await changeable(tx, directory, id);
    for (const member of members) await requireMember(tx, directory, member, 'InvalidMember');
    const bound = (await tx.contacts.bindings([id])).get(id) ?? [];
    const added = members.filter((m) => !bound.some((b) => b.memberId === m));
    if (bound.length + added.length > MAX_BINDINGS_PER_CONTACT) throw new ApiError('LimitExceeded.ContactMembers');
    const now = this.clock.now();
    for (const memberId of added) await tx.contacts.bind(directory.id, { contactId: id, memberId, associatedAt: now });
    return members.map((memberId) => bound.find((b) => b.memberId === memberId) ?? { contactId: id, memberId, associatedAt: now });
  }

  /** Unbinds 1-5 members, folders or the directory; one that was not bound is no error. */
  async disassociate(
    tx: DomainStores,
    caller: Account,
    input: { contactId: string | undefined; members: readonly string[] },
  ): Promise<ContactBinding[]> {
    const id = requireContactId(input.contactId);
    const members = checkMembers(input.members, 'InvalidParameter.Members.Length');
    const directory = await this.contacts.enter(tx, caller, 'write');
    await changeable(tx, directory, id);
    for (const member of members) await requireMember(tx, directory, member, 'InvalidMember');
    await tx.contacts.unbind(id, members);
    const now = this.clock.now();
    return members.map((memberId) => ({ contactId: id, memberId, associatedAt: now }));
  }

  /** ListMessageContacts: one contact, the contacts bound to a member, or all, oldest first. */
  async list(
    tx: DomainStores,
    caller: Account,
    input: PageRequest & { contactId: string | undefined; member: string | undefined },
  ): Promise<Page<ListedContact>> {
    const contactId = input.contactId ? requireContactId(input.contactId) : undefined;
    const member = input.member || undefined;
    if (member !== undefined && memberKind(member) === undefined) throw new ApiError('InvalidParameter.Member');
    const directory = await this.contacts.enter(tx, caller, 'read');
    if (member !== undefined) await requireMember(tx, directory, member, 'EntityNotExists.Member');
    let found: Page<ContactView>;
    if (contactId === undefined) {
      found = await this.contacts.page(tx, directory, input, member);
    } else {
      const [view] = await this.contacts.views(tx, [await contactIn(tx, directory, contactId)]);
      const matches = member === undefined || view!.bindings.some((b) => b.memberId === member);
      found = { total: matches ? 1 : 0, items: matches && input.pageNumber === 1 ? [view!] : [] };
    }
    return { total: found.total, items: found.items.map((view) => Object.assign({}, view, { associatedAt: associatedAt(view, member) })) };
  }

  /** ListMessageContactVerifications: the addresses and numbers that await confirmation, of one contact or all. */
  async verifications(
    tx: DomainStores,
    caller: Account,
    input: PageRequest & { contactId: string | undefined },
  ): Promise<Page<{ contactId: string; target: string }>> {
    const contactId = input.contactId ? requireContactId(input.contactId) : undefined;
    const directory = await this.contacts.enter(tx, caller, 'read');
    // At most 20 contacts a directory (those being deleted included), two targets each: one read, paged here.
    const contacts =
      contactId === undefined
        ? await tx.contacts.list(directory.id, undefined, 0, MAX_CONTACTS_PER_DIRECTORY)
        : [await contactIn(tx, directory, contactId)];
    const all = contacts.flatMap((c) =>
      c.deletionDueAt === null ? pendingTargets(c).map(({ target }) => ({ contactId: c.id, target })) : [],
    );
    const offset = (input.pageNumber - 1) * input.pageSize;
    return { total: all.length, items: all.slice(offset, offset + input.pageSize) };
  }
}

/** 1-5 distinct IDs, each of a shape a contact can be bound to. */
function checkMembers(members: readonly string[], tooMany: 'InvalidParameter.Members' | 'InvalidParameter.Members.Length'): string[] {
  if (members.length === 0) throw new ApiError('InvalidParameter.Members');
  if (members.length > MAX_MEMBERS_PER_CALL) throw new ApiError(tooMany);
  if (new Set(members).size !== members.length) throw new ApiError('InvalidParameter.Members.Duplicate');
  if (members.some((m) => memberKind(m) === undefined)) throw new ApiError('InvalidParameter.Members');
  return [...members];
}

/** The directory itself, one of its folders or one of its members; anything else is `missing`. */
async function requireMember(
  tx: DomainStores,
  directory: ResourceDirectory,
  id: string,
  missing: 'InvalidMember' | 'EntityNotExists.Member',
): Promise<void> {
  const kind = memberKind(id);
  if (kind === 'directory' && id === directory.id) return;
  if (kind === 'folder' && (await tx.folders.get(id))?.directoryId === directory.id) return;
  if (kind === 'account' && (await tx.members.get(id))?.membership.directoryId === directory.id) return;
  throw new ApiError(missing);
}

function associatedAt(view: ContactView, member: string | undefined): Date | null {
  const bindings = member === undefined ? view.bindings : view.bindings.filter((b) => b.memberId === member);
  return bindings.reduce<Date | null>((latest, b) => (latest === null || b.associatedAt > latest ? b.associatedAt : latest), null);
}
