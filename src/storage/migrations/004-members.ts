import type { Migration } from './migration.js';

export const members: Migration = {
  version: 4,
  name: 'members',
  sql: () => `
    -- Members (src/domain/directory/member-service.ts). A member's display name in its directory:
    -- set for resource accounts and by UpdateAccount (else the account's own name shows). The
    -- unique index keeps set names unique per directory, also against concurrent transactions.
    ALTER TABLE members ADD COLUMN display_name TEXT;
    CREATE UNIQUE INDEX members_display_name ON members(directory_id, display_name) WHERE display_name IS NOT NULL;
    CREATE INDEX members_listing ON members(directory_id, joined_at, account_id);

    -- Tags of member accounts (CreateResourceAccount Tag.N), one value per key.
    CREATE TABLE account_tags (
      account_id TEXT NOT NULL REFERENCES accounts(id),
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (account_id, key)
    );
    CREATE INDEX account_tags_key ON account_tags(key, value);
  `,
};
