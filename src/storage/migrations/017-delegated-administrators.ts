import type { Migration } from './migration.js';

/**
 * Delegated administrators of trusted services and the trusted services turned on for an
 * administrator account (src/domain/delegation). 017: 016 is the control policies' migration.
 */
export const delegatedAdministrators: Migration = {
  version: 17,
  name: 'delegated_administrators',
  sql: (d) => `
    -- One registration per (service, account): the key decides, also under concurrency. The
    -- per-service maximum is counted under the directory lock. Listed in registration order:
    -- insertion order breaks ties within a millisecond (as migration 015 does for other lists).
    CREATE TABLE delegated_administrators (
      ${d.insertionOrderColumn}
      service_principal TEXT NOT NULL,
      account_id TEXT NOT NULL REFERENCES accounts(id),
      directory_id TEXT NOT NULL REFERENCES directories(id),
      registered_at BIGINT NOT NULL,
      PRIMARY KEY (service_principal, account_id)
    );
    CREATE INDEX delegated_administrators_listing ON delegated_administrators(directory_id, registered_at${d.indexInsertionOrder});
    CREATE INDEX delegated_administrators_account ON delegated_administrators(account_id);

    -- Trusted services turned on for the management account or a delegated administrator
    -- (ListTrustedServiceStatus); turned on outside the API, as the real services do in their consoles.
    CREATE TABLE trusted_service_enablements (
      ${d.insertionOrderColumn}
      account_id TEXT NOT NULL REFERENCES accounts(id),
      service_principal TEXT NOT NULL,
      directory_id TEXT NOT NULL REFERENCES directories(id),
      enabled_at BIGINT NOT NULL,
      PRIMARY KEY (account_id, service_principal)
    );
    CREATE INDEX trusted_service_enablements_directory ON trusted_service_enablements(directory_id);
  `,
};
