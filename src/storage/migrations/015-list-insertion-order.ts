import type { Migration } from './migration.js';

/**
 * Lists of folders, members, invitations and message contacts are in creation order. Their times are
 * milliseconds, and two rows made in one millisecond were ordered by their random IDs instead, so a
 * page could show the later one first. Insertion order breaks the tie: SQLite's rowid, which these
 * tables already have, and on PostgreSQL an identity column (existing rows numbered as they lie).
 */
export const listInsertionOrder: Migration = {
  version: 15,
  name: 'list-insertion-order',
  sql: (d) =>
    d.name === 'postgres'
      ? ['folders', 'members', 'handshakes', 'message_contacts']
          .map((table) => `ALTER TABLE ${table} ADD COLUMN ${d.insertionOrderColumn.replace(/,$/, '')};`)
          .join('\n')
      : '',
};
