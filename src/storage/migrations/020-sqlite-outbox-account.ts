import type { Migration } from './migration.js';

/**
 * Drops `outbox_account` on SQLite, where no statement uses it: the inbox listing filters by account
 * as `(? IS NULL OR account_id = ?)`, which SQLite's planner does not narrow by the bound value (it
 * reads `outbox_created` backwards). PostgreSQL plans such a statement with the value in hand and
 * does read the index, so it keeps it. On SQLite the index only cost each send an entry at a random
 * place in it, and each pruned message another (docs/configuration.md, Retention).
 */
export const sqliteOutboxAccount: Migration = {
  version: 20,
  name: 'sqlite-outbox-account',
  sql: (d) => (d.name === 'sqlite' ? 'DROP INDEX outbox_account;' : ''),
};
