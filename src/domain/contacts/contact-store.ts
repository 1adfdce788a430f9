import type { ContactBinding, MessageContact } from './message-contact.js';

export interface MessageContactStore {
  /** Adds a contact unless its directory has one of that name (a unique index decides). False when taken. */
  insert(contact: MessageContact): Promise<boolean>;
  get(id: string): Promise<MessageContact | undefined>;
  /** Writes every field of the contact; false when another contact of the directory has its name. */
  update(contact: MessageContact): Promise<boolean>;
  /** The directory's contacts, oldest first; with `memberId`, only those bound to it. */
  list(directoryId: string, memberId: string | undefined, offset: number, limit: number): Promise<MessageContact[]>;
  count(directoryId: string, memberId?: string): Promise<number>;
  /** Removes the contact and its bindings. */
  remove(id: string): Promise<void>;
  /** Every contact of the directory and their bindings (DestroyResourceDirectory). */
  clear(directoryId: string): Promise<void>;
  /** Contacts whose asynchronous deletion is due by `now`. */
  dueDeletions(directoryId: string, now: Date): Promise<string[]>;

  /** Bindings of each contact, oldest first. */
  bindings(contactIds: readonly string[]): Promise<Map<string, ContactBinding[]>>;
  /** Binds a member, folder or directory to the contact; binding one twice keeps the first binding. */
  bind(directoryId: string, binding: ContactBinding): Promise<void>;
  unbind(contactId: string, memberIds: readonly string[]): Promise<void>;
  /** Drops every binding of a member or folder that leaves the directory. */
  unbindEverywhere(memberId: string): Promise<void>;
}
