import type { Migration } from './migration.js';

// SQLite databases made before the migrations were written once declare INTEGER where this says
// BIGINT or BOOLEAN: the same storage in SQLite (integer affinity; 0/1 for flags), so nothing changes for them.
export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: (d) => `
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE accounts (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      secure_phone TEXT,
      enterprise_verified BOOLEAN NOT NULL,
      enterprise_name TEXT NOT NULL,
      site TEXT NOT NULL,
      profile_type TEXT NOT NULL,
      created_at BIGINT NOT NULL
    );

    CREATE TABLE access_keys (
      id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts(id),
      secret_sealed TEXT NOT NULL,
      created_at BIGINT NOT NULL
    );

    CREATE TABLE directories (
      id TEXT PRIMARY KEY,
      master_account_id TEXT NOT NULL UNIQUE REFERENCES accounts(id),
      root_folder_id TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      control_policy_status TEXT NOT NULL,
      member_deletion_status TEXT NOT NULL,
      display_name_sync_status TEXT NOT NULL
    );

    CREATE TABLE folders (
      id TEXT PRIMARY KEY,
      directory_id TEXT NOT NULL REFERENCES directories(id),
      name TEXT NOT NULL,
      parent_id TEXT REFERENCES folders(id),
      created_at BIGINT NOT NULL
    );
    CREATE INDEX folders_directory ON folders(directory_id);
    CREATE UNIQUE INDEX folders_name_per_parent ON folders(parent_id, name) WHERE parent_id IS NOT NULL;

    -- One row per account that manages or belongs to a directory: the primary key is the SQL
    -- guarantee that an account is in at most one directory, in one role.
    CREATE TABLE members (
      account_id TEXT PRIMARY KEY REFERENCES accounts(id),
      directory_id TEXT NOT NULL REFERENCES directories(id),
      folder_id TEXT NOT NULL REFERENCES folders(id),
      role TEXT NOT NULL CHECK (role IN ('master', 'member')),
      type TEXT NOT NULL,
      join_method TEXT NOT NULL,
      status TEXT NOT NULL,
      joined_at BIGINT NOT NULL,
      modified_at BIGINT NOT NULL
    );
    CREATE INDEX members_directory ON members(directory_id);
    -- Neither engine indexes the referencing side of a foreign key; deleting a folder checks it.
    CREATE INDEX members_folder ON members(folder_id);

    CREATE TABLE code_quota (
      account_id TEXT NOT NULL,
      purpose TEXT NOT NULL,
      day TEXT NOT NULL,
      sent INTEGER NOT NULL,
      PRIMARY KEY (account_id, purpose, day)
    )${d.keyedTable};

    CREATE TABLE verification_codes (
      account_id TEXT NOT NULL,
      purpose TEXT NOT NULL,
      phone TEXT NOT NULL,
      id TEXT NOT NULL UNIQUE,
      code_hash TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      attempts INTEGER NOT NULL,
      consumed_at BIGINT,
      PRIMARY KEY (account_id, purpose, phone)
    );

    CREATE TABLE wrong_tries (account_id TEXT NOT NULL, phone TEXT NOT NULL, at BIGINT NOT NULL);
    CREATE INDEX wrong_tries_lookup ON wrong_tries(account_id, phone, at);

    CREATE TABLE outbox (
      ${d.insertionOrderColumn}
      id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL,
      purpose TEXT NOT NULL,
      phone TEXT NOT NULL,
      code TEXT NOT NULL,
      validity_seconds INTEGER NOT NULL,
      status TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      sent_at BIGINT,
      sender TEXT
    );
    -- Only pending messages are indexed for the dispatcher; the inbox is mostly read per account.
    CREATE INDEX outbox_pending ON outbox(created_at${d.indexInsertionOrder}) WHERE status = 'pending';
    CREATE INDEX outbox_account ON outbox(account_id, created_at);

    CREATE TABLE nonces (
      access_key_id TEXT NOT NULL,
      nonce TEXT NOT NULL,
      expires_at BIGINT NOT NULL,
      PRIMARY KEY (access_key_id, nonce)
    )${d.keyedTable};
    CREATE INDEX nonces_expiry ON nonces(expires_at);
  `,
};
