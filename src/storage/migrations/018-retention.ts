import type { Migration } from './migration.js';

/**
 * What the retention job (src/domain/retention/pruner.ts) needs: a lease so that one instance prunes
 * at a time, and an index on each cutoff column, so that a batch reads the oldest rows directly
 * instead of scanning a table that holds a million of them.
 */
export const retention: Migration = {
  version: 18,
  name: 'retention',
  sql: (d) => `
    -- One row per periodic job: who holds it, and until when (epoch ms, wall clock).
    CREATE TABLE job_leases (
      job TEXT NOT NULL,
      holder TEXT NOT NULL,
      lease_until BIGINT NOT NULL,
      PRIMARY KEY (job)
    )${d.keyedTable};
    CREATE INDEX verification_codes_expiry ON verification_codes(expires_at);
    CREATE INDEX code_quota_day ON code_quota(day);
    CREATE INDEX outbox_created ON outbox(created_at);
  `,
};
