import type { Database } from 'better-sqlite3';

/**
 * Numbered schema migrations, applied in order, each once, each in its own transaction.
 * Times are stored as integer milliseconds since the epoch.
 */
export const migrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        secure_phone TEXT,
        enterprise_verified INTEGER NOT NULL,
        enterprise_name TEXT NOT NULL,
        site TEXT NOT NULL,
        profile_type TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE access_keys (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        secret_sealed TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE directories (
        id TEXT PRIMARY KEY,
        master_account_id TEXT NOT NULL UNIQUE REFERENCES accounts(id),
        root_folder_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        control_policy_status TEXT NOT NULL,
        member_deletion_status TEXT NOT NULL,
        display_name_sync_status TEXT NOT NULL
      );

      CREATE TABLE folders (
        id TEXT PRIMARY KEY,
        directory_id TEXT NOT NULL REFERENCES directories(id),
        name TEXT NOT NULL,
        parent_id TEXT REFERENCES folders(id),
        created_at INTEGER NOT NULL
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
        joined_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL
      );
      CREATE INDEX members_directory ON members(directory_id);

      CREATE TABLE code_quota (
        account_id TEXT NOT NULL,
        purpose TEXT NOT NULL,
        day TEXT NOT NULL,
        sent INTEGER NOT NULL,
        PRIMARY KEY (account_id, purpose, day)
      ) WITHOUT ROWID;

      CREATE TABLE verification_codes (
        account_id TEXT NOT NULL,
        purpose TEXT NOT NULL,
        phone TEXT NOT NULL,
        id TEXT NOT NULL UNIQUE,
        code_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        consumed_at INTEGER,
        PRIMARY KEY (account_id, purpose, phone)
      );

      CREATE TABLE wrong_tries (account_id TEXT NOT NULL, phone TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX wrong_tries_lookup ON wrong_tries(account_id, phone, at);

      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        purpose TEXT NOT NULL,
        phone TEXT NOT NULL,
        code TEXT NOT NULL,
        validity_seconds INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        sender TEXT
      );
      -- Only pending messages are indexed for the dispatcher; the inbox is mostly read per account.
      CREATE INDEX outbox_pending ON outbox(created_at) WHERE status = 'pending';
      CREATE INDEX outbox_account ON outbox(account_id, created_at);

      CREATE TABLE nonces (
        access_key_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (access_key_id, nonce)
      ) WITHOUT ROWID;
      CREATE INDEX nonces_expiry ON nonces(expires_at);
    `,
  },
  {
    version: 2,
    name: 'phone-guard',
    sql: `
      -- Production-mode protections (src/domain/verification/phone-guard.ts): fixed-window counters
      -- of accepted sends per phone, and per country calling code per hour. Window starts are epoch ms.
      CREATE TABLE phone_send_windows (
        phone TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('minute', 'hour', 'day')),
        window_start INTEGER NOT NULL,
        sent INTEGER NOT NULL,
        PRIMARY KEY (phone, kind, window_start)
      ) WITHOUT ROWID;
      CREATE INDEX phone_send_windows_start ON phone_send_windows(window_start);

      CREATE TABLE country_send_hours (
        country_code TEXT NOT NULL,
        hour_start INTEGER NOT NULL,
        sent INTEGER NOT NULL,
        PRIMARY KEY (country_code, hour_start)
      ) WITHOUT ROWID;
      CREATE INDEX country_send_hours_start ON country_send_hours(hour_start);
    `,
  },
  {
    version: 3,
    name: 'delivery-rounds',
    sql: `
      ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
      ALTER TABLE outbox ADD COLUMN provider_message_id TEXT;
      ALTER TABLE outbox ADD COLUMN delivery_status TEXT;
      UPDATE outbox SET next_attempt_at = created_at;
      DROP INDEX outbox_pending;
      CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
      CREATE INDEX outbox_provider_id ON outbox(provider_message_id) WHERE provider_message_id IS NOT NULL;

      CREATE TABLE delivery_attempts (
        message_id TEXT NOT NULL,
        round INTEGER NOT NULL,
        sender TEXT NOT NULL,
        outcome TEXT NOT NULL,
        provider_message_id TEXT,
        error TEXT,
        at INTEGER NOT NULL,
        ms INTEGER NOT NULL
      );
      CREATE INDEX delivery_attempts_message ON delivery_attempts(message_id);
    `,
  },
  {
    version: 4,
    name: 'members',
    sql: `
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
  },
  {
    version: 5,
    name: 'handshakes',
    sql: `
      -- Invitations (src/domain/directory/handshake-service.ts). No foreign keys: an invitation
      -- outlives a destroyed directory (AcceptHandshake then answers SpecifiedResourceDirectoryNotExists).
      CREATE TABLE handshakes (
        id TEXT PRIMARY KEY,
        directory_id TEXT NOT NULL,
        master_account_id TEXT NOT NULL,
        master_account_name TEXT NOT NULL,
        target_entity TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_account_id TEXT NOT NULL,
        note TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('Pending', 'Accepted', 'Declined', 'Cancelled', 'Expired')),
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      -- At most one Pending invitation per account and directory, also under concurrency.
      CREATE UNIQUE INDEX handshakes_pending_target ON handshakes(directory_id, target_account_id) WHERE status = 'Pending';
      CREATE INDEX handshakes_directory ON handshakes(directory_id, created_at, id);
      CREATE INDEX handshakes_master ON handshakes(master_account_id, created_at, id);
      CREATE INDEX handshakes_target ON handshakes(target_account_id, created_at, id);
    `,
  },
  {
    version: 6,
    name: 'ram_user_access_keys',
    sql: `
      -- The RAM user an AccessKey belongs to; NULL for the account's own (root) key.
      ALTER TABLE access_keys ADD COLUMN ram_user TEXT NULL;
    `,
  },
  {
    version: 7,
    name: 'account_deletions',
    sql: `
      -- Member deletion (src/domain/directory/member-service.ts): one row per account, the latest check
      -- or deletion. No foreign keys: the row outlives the deleted account (GetAccountDeletionStatus).
      -- 'Checking' = a check was started (complete once check_done_at has passed); 'Deleting' until
      -- deletion_due_at, then 'Success' by a conditional UPDATE that exactly one transaction wins.
      CREATE TABLE account_deletions (
        account_id TEXT PRIMARY KEY,
        directory_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('Checking', 'Deleting', 'Success')),
        check_started_at INTEGER NOT NULL,
        check_done_at INTEGER NOT NULL,
        deletion_started_at INTEGER,
        deletion_due_at INTEGER
      );
      CREATE INDEX account_deletions_due ON account_deletions(directory_id, deletion_due_at) WHERE status = 'Deleting';
    `,
  },
];

/** Tables `reset` empties; settings survive so a reset does not rotate the server secret. */
export const dataTables = [
  'account_deletions', 'account_tags', 'handshakes', 'nonces', 'delivery_attempts', 'outbox', 'wrong_tries', 'verification_codes', 'code_quota',
  'members', 'folders', 'directories', 'access_keys', 'accounts',
  'phone_send_windows', 'country_send_hours',
] as const;

export function migrate(db: Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  let count = 0;
  for (const migration of migrations) {
    // Checked again inside the write lock: several processes may start on one file at once.
    const applied = db.transaction(() => {
      if (isApplied.get(migration.version)) return false;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
      return true;
    }).immediate();
    if (applied) count++;
  }
  return count;
}
