import type { Migration } from './migration.js';

export const ramUserAccessKeys: Migration = {
  version: 6,
  name: 'ram_user_access_keys',
  sql: () => `
    -- The RAM user an AccessKey belongs to; NULL for the account's own (root) key.
    ALTER TABLE access_keys ADD COLUMN ram_user TEXT NULL;
  `,
};
