import type { Migration } from './migration.js';

export const membersFolderIndex: Migration = {
  version: 8,
  name: 'members_folder_index',
  sql: () => `
    -- Databases whose first migration predates members_folder in it (SQLite ones) get it here,
    -- so both engines have the same indexes (test/contracts/schema-parity.test.ts).
    CREATE INDEX IF NOT EXISTS members_folder ON members(folder_id);
  `,
};
