import type { Migration } from './migration.js';

export const accountDeletions: Migration = {
  version: 7,
  name: 'account_deletions',
  sql: () => `
    -- Member deletion (src/domain/directory/deletion-service.ts): one row per account, the latest check
    -- or deletion. No foreign keys: the row outlives the deleted account (GetAccountDeletionStatus).
    -- 'Checking' = a check was started (complete once check_done_at has passed); 'Deleting' until
    -- deletion_due_at, then 'Success' by a conditional UPDATE that exactly one transaction wins.
    CREATE TABLE account_deletions (
      account_id TEXT PRIMARY KEY,
      directory_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('Checking', 'Deleting', 'Success')),
      check_started_at BIGINT NOT NULL,
      check_done_at BIGINT NOT NULL,
      deletion_started_at BIGINT,
      deletion_due_at BIGINT
    );
    CREATE INDEX account_deletions_due ON account_deletions(directory_id, deletion_due_at) WHERE status = 'Deleting';
  `,
};
