import type { Migration } from './migration.js';

/**
 * The retention job removes finished email changes and invitations by their expiry time
 * (src/domain/retention/pruner.ts): an index on it, so a batch reads the oldest rows directly.
 */
export const recordRetention: Migration = {
  version: 19,
  name: 'record-retention',
  sql: () => `
    CREATE INDEX email_changes_expiry ON email_changes(expires_at);
    CREATE INDEX handshakes_expiry ON handshakes(expires_at);
  `,
};
