import type { Migration } from './migration.js';

export const controlPolicies: Migration = {
  version: 16,
  name: 'control_policies',
  sql: (d) => `
    -- Custom control policies of a directory (CreateControlPolicy and friends). The system policy
    -- FullAliyunAccess is no row here: it exists for every directory (src/domain/policies/system-policies.ts).
    -- Names are unique per directory: the unique index decides, also under concurrency.
    CREATE TABLE control_policies (
      ${d.insertionOrderColumn}
      id TEXT PRIMARY KEY,
      directory_id TEXT NOT NULL REFERENCES directories(id),
      name TEXT NOT NULL,
      description TEXT NOT NULL,
      effect_scope TEXT NOT NULL,
      document TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX control_policies_name ON control_policies(directory_id, name);

    -- Which policy is attached to which folder (Root included) or member, one row per (policy, target).
    -- policy_id has no foreign key: system policies have no row in control_policies.
    CREATE TABLE control_policy_attachments (
      ${d.insertionOrderColumn}
      policy_id TEXT NOT NULL,
      target_id TEXT NOT NULL,
      directory_id TEXT NOT NULL REFERENCES directories(id),
      target_type TEXT NOT NULL,
      attached_at BIGINT NOT NULL,
      PRIMARY KEY (policy_id, target_id)
    );
    CREATE INDEX control_policy_attachments_target ON control_policy_attachments(target_id, attached_at${d.indexInsertionOrder});
    CREATE INDEX control_policy_attachments_directory ON control_policy_attachments(directory_id, policy_id);

    -- When the Control Policy switch last changed: PendingEnable / PendingDisable until it settles.
    ALTER TABLE directories ADD COLUMN control_policy_changed_at BIGINT;
  `,
};
