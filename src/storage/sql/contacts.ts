import type { MessageContactStore } from '../../domain/contacts/contact-store.js';
import type { ContactBinding, ContactTarget, MessageContact } from '../../domain/contacts/message-contact.js';
import type { Dialect } from './dialect.js';
import { count, placeholders, type Row, type SqlSession, time, timeOrNull } from './session.js';

const flag = (value: unknown) => value === true || value === 1;

const target = (value: string | null, verified: unknown, previous: string | null): ContactTarget | null =>
  value === null ? null : { value, verified: flag(verified), previous };

const toContact = (row: Row): MessageContact => ({
  id: row.id,
  directoryId: row.directory_id,
  name: row.name,
  title: row.title,
  messageTypes: JSON.parse(row.message_types),
  email: target(row.email, row.email_verified, row.email_previous)!,
  phone: target(row.phone, row.phone_verified, row.phone_previous),
  deletionDueAt: timeOrNull(row.deletion_due_at),
  createdAt: time(row.created_at),
});

/** The columns every write sets, in the order of INSERT and UPDATE below. */
const values = (c: MessageContact) => [
  c.name,
  c.title,
  JSON.stringify(c.messageTypes),
  c.email.value,
  c.email.verified ? 1 : 0,
  c.email.previous,
  c.phone?.value ?? null,
  c.phone?.verified ? 1 : 0,
  c.phone?.previous ?? null,
  c.deletionDueAt?.getTime() ?? null,
];

const COLUMNS = `name, title, message_types, email, email_verified, email_previous, phone, phone_verified, phone_previous, deletion_due_at`;
// A concurrent insert of the same name (PostgreSQL) waits for the other transaction, then does nothing.
const INSERT = `INSERT INTO message_contacts (id, directory_id, created_at, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (directory_id, name) DO NOTHING`;
const UPDATE = `UPDATE message_contacts SET ${COLUMNS.split(', ')
  .map((c) => `${c} = ?`)
  .join(', ')} WHERE id = ?`;
const BOUND_TO = 'EXISTS (SELECT 1 FROM message_contact_members b WHERE b.contact_id = c.id AND b.member_id = ?)';

export class SqlMessageContacts implements MessageContactStore {
  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
  ) {}

  async insert(c: MessageContact): Promise<boolean> {
    return (await this.s.run(INSERT, [c.id, c.directoryId, c.createdAt.getTime(), ...values(c)])) === 1;
  }

  async get(id: string): Promise<MessageContact | undefined> {
    const row = await this.s.get('SELECT * FROM message_contacts WHERE id = ?', [id]);
    return row && toContact(row);
  }

  async update(c: MessageContact): Promise<boolean> {
    const taken = await this.s.get('SELECT 1 AS found FROM message_contacts WHERE directory_id = ? AND name = ? AND id <> ?', [
      c.directoryId,
      c.name,
      c.id,
    ]);
    if (taken) return false;
    await this.s.run(UPDATE, [...values(c), c.id]);
    return true;
  }

  async list(directoryId: string, memberId: string | undefined, offset: number, limit: number): Promise<MessageContact[]> {
    const filter = memberId === undefined ? '' : ` AND ${BOUND_TO}`;
    const sql = `SELECT * FROM message_contacts c WHERE c.directory_id = ?${filter} ORDER BY c.created_at, c.${this.d.insertionOrder} LIMIT ? OFFSET ?`;
    const rows = await this.s.all(sql, [directoryId, ...(memberId === undefined ? [] : [memberId]), limit, offset]);
    return rows.map(toContact);
  }

  async count(directoryId: string, memberId?: string): Promise<number> {
    const filter = memberId === undefined ? '' : ` AND ${BOUND_TO}`;
    return count(this.s, `SELECT COUNT(*) AS n FROM message_contacts c WHERE c.directory_id = ?${filter}`, [
      directoryId,
      ...(memberId === undefined ? [] : [memberId]),
    ]);
  }

  async remove(id: string): Promise<void> {
    await this.s.run('DELETE FROM message_contact_members WHERE contact_id = ?', [id]);
    await this.s.run('DELETE FROM message_contacts WHERE id = ?', [id]);
  }

  async clear(directoryId: string): Promise<void> {
    await this.s.run('DELETE FROM message_contact_members WHERE directory_id = ?', [directoryId]);
    await this.s.run('DELETE FROM message_contacts WHERE directory_id = ?', [directoryId]);
  }

  async dueDeletions(directoryId: string, now: Date): Promise<string[]> {
    const sql = 'SELECT id FROM message_contacts WHERE directory_id = ? AND deletion_due_at <= ? ORDER BY id';
    return (await this.s.all(sql, [directoryId, now.getTime()])).map((row) => row.id as string);
  }

  async bindings(contactIds: readonly string[]): Promise<Map<string, ContactBinding[]>> {
    const map = new Map<string, ContactBinding[]>();
    if (contactIds.length === 0) return map;
    const sql = `SELECT * FROM message_contact_members WHERE contact_id IN (${placeholders(contactIds.length)})
      ORDER BY contact_id, associated_at, ${this.d.bytewise('member_id')}`;
    for (const row of await this.s.all(sql, contactIds)) {
      const list = map.get(row.contact_id) ?? [];
      list.push({ contactId: row.contact_id, memberId: row.member_id, associatedAt: time(row.associated_at) });
      map.set(row.contact_id, list);
    }
    return map;
  }

  async bind(directoryId: string, b: ContactBinding): Promise<void> {
    await this.s.run(
      `INSERT INTO message_contact_members (contact_id, member_id, directory_id, associated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (contact_id, member_id) DO NOTHING`,
      [b.contactId, b.memberId, directoryId, b.associatedAt.getTime()],
    );
  }

  async unbind(contactId: string, memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    const sql = `DELETE FROM message_contact_members WHERE contact_id = ? AND member_id IN (${placeholders(memberIds.length)})`;
    await this.s.run(sql, [contactId, ...memberIds]);
  }

  async unbindEverywhere(memberId: string): Promise<void> {
    await this.s.run('DELETE FROM message_contact_members WHERE member_id = ?', [memberId]);
  }
}
