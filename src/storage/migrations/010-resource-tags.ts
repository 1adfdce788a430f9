import type { Migration } from './migration.js';

export const resourceTags: Migration = {
  version: 10,
  name: 'resource_tags',
  sql: (d) => `
    -- Tags of a directory's members and folders (TagResources and friends), one value per key.
    -- One table for every taggable type: the directory column lets ListTagKeys and ListTagValues
    -- stay inside the caller's directory without a join per type.
    CREATE TABLE resource_tags (
      directory_id TEXT NOT NULL REFERENCES directories(id),
      resource_type TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (resource_type, resource_id, key)
    )${d.keyedTable};
    CREATE INDEX resource_tags_keys ON resource_tags(directory_id, resource_type, key, value);

    INSERT INTO resource_tags (directory_id, resource_type, resource_id, key, value)
      SELECT m.directory_id, 'Account', t.account_id, t.key, t.value
      FROM account_tags t JOIN members m ON m.account_id = t.account_id;
    DROP TABLE account_tags;

    -- Tag.N of an invitation, as a JSON array of {key, value}: the invitee's tags once it accepts.
    ALTER TABLE handshakes ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
  `,
};
