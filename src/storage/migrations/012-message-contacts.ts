import type { Migration } from './migration.js';

export const messageContacts: Migration = {
  version: 12,
  name: 'message_contacts',
  sql: () => `
    -- Message contacts of a directory (src/domain/contacts). Each address or number shows its newest
    -- value; *_verified says whether its owner confirmed it, *_previous keeps the confirmed value a
    -- pending change replaces. Names are unique per directory (the index decides, also under concurrency).
    CREATE TABLE message_contacts (
      id TEXT PRIMARY KEY,
      directory_id TEXT NOT NULL REFERENCES directories(id),
      name TEXT NOT NULL,
      title TEXT NOT NULL,
      message_types TEXT NOT NULL,
      email TEXT NOT NULL,
      email_verified BOOLEAN NOT NULL,
      email_previous TEXT,
      phone TEXT,
      phone_verified BOOLEAN NOT NULL,
      phone_previous TEXT,
      deletion_due_at BIGINT,
      created_at BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX message_contacts_name ON message_contacts(directory_id, name);
    CREATE INDEX message_contacts_listing ON message_contacts(directory_id, created_at, id);

    -- The members, folders and directories a contact is bound to (AssociateMembers).
    CREATE TABLE message_contact_members (
      contact_id TEXT NOT NULL REFERENCES message_contacts(id),
      member_id TEXT NOT NULL,
      directory_id TEXT NOT NULL,
      associated_at BIGINT NOT NULL,
      PRIMARY KEY (contact_id, member_id)
    );
    CREATE INDEX message_contact_members_member ON message_contact_members(directory_id, member_id);

    -- Contacts confirm an address on a page that knows the address and the code, not the contact.
    CREATE INDEX verification_codes_target ON verification_codes(purpose, phone);
  `,
};
