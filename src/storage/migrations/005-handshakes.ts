import type { Migration } from './migration.js';

export const handshakes: Migration = {
  version: 5,
  name: 'handshakes',
  sql: () => `
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
      created_at BIGINT NOT NULL,
      modified_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL
    );
    -- At most one Pending invitation per account and directory, also under concurrency.
    CREATE UNIQUE INDEX handshakes_pending_target ON handshakes(directory_id, target_account_id) WHERE status = 'Pending';
    CREATE INDEX handshakes_directory ON handshakes(directory_id, created_at, id);
    CREATE INDEX handshakes_master ON handshakes(master_account_id, created_at, id);
    CREATE INDEX handshakes_target ON handshakes(target_account_id, created_at, id);
  `,
};
