import type { Migration } from './migration.js';

export const deliveryRounds: Migration = {
  version: 3,
  name: 'delivery-rounds',
  sql: (d) => `
    -- Delivery rounds with leases (src/delivery/dispatcher.ts), and every sender try kept.
    ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN lease_until BIGINT;
    ALTER TABLE outbox ADD COLUMN provider_message_id TEXT;
    ALTER TABLE outbox ADD COLUMN delivery_status TEXT;
    UPDATE outbox SET next_attempt_at = created_at;
    DROP INDEX outbox_pending;
    CREATE INDEX outbox_due ON outbox(next_attempt_at${d.indexInsertionOrder}) WHERE status = 'pending';
    CREATE INDEX outbox_provider_id ON outbox(provider_message_id) WHERE provider_message_id IS NOT NULL;

    CREATE TABLE delivery_attempts (
      ${d.insertionOrderColumn}
      message_id TEXT NOT NULL,
      round INTEGER NOT NULL,
      sender TEXT NOT NULL,
      outcome TEXT NOT NULL,
      provider_message_id TEXT,
      error TEXT,
      at BIGINT NOT NULL,
      ms INTEGER NOT NULL
    );
    CREATE INDEX delivery_attempts_message ON delivery_attempts(message_id);
  `,
};
