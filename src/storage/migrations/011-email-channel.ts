import type { Migration } from './migration.js';

export const emailChannel: Migration = {
  version: 11,
  name: 'email-channel',
  sql: (d) => `
    -- The outbox carries SMS and email (src/domain/messages/message.ts): a message has a channel
    -- and exactly one recipient column for it. SQLite cannot drop the NOT NULL of \`phone\`, so the
    -- table is rebuilt, the same way on both engines; rows keep their insertion order. \`channel\`
    -- defaults to sms so that instances still running the previous release keep enqueueing codes
    -- while the others are upgraded.
    CREATE TABLE outbox_next (
      ${d.insertionOrderColumn}
      id TEXT PRIMARY KEY,
      channel TEXT NOT NULL DEFAULT 'sms' CHECK (channel IN ('sms', 'email')),
      account_id TEXT NOT NULL,
      purpose TEXT NOT NULL,
      phone TEXT,
      email TEXT,
      code TEXT NOT NULL,
      validity_seconds INTEGER NOT NULL,
      status TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      sent_at BIGINT,
      sender TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at BIGINT NOT NULL,
      lease_until BIGINT,
      provider_message_id TEXT,
      delivery_status TEXT,
      CHECK ((channel = 'sms' AND phone IS NOT NULL AND email IS NULL) OR (channel = 'email' AND email IS NOT NULL AND phone IS NULL))
    );
    INSERT INTO outbox_next (id, channel, account_id, purpose, phone, code, validity_seconds, status, created_at, sent_at, sender,
        attempts, next_attempt_at, lease_until, provider_message_id, delivery_status)
      SELECT id, 'sms', account_id, purpose, phone, code, validity_seconds, status, created_at, sent_at, sender,
        attempts, next_attempt_at, lease_until, provider_message_id, delivery_status
      FROM outbox ORDER BY ${d.insertionOrder};
    DROP TABLE outbox;
    ALTER TABLE outbox_next RENAME TO outbox;
    CREATE INDEX outbox_due ON outbox(next_attempt_at${d.indexInsertionOrder}) WHERE status = 'pending';
    CREATE INDEX outbox_account ON outbox(account_id, created_at);
    CREATE INDEX outbox_provider_id ON outbox(provider_message_id) WHERE provider_message_id IS NOT NULL;

    -- Changes of a member's login email (src/domain/directory/email-change-service.ts): pending until
    -- the link sent to the new address is confirmed, cancelled, or expires. The token lives only as
    -- its keyed hash. No foreign key: a deleted member's changes go with it (storage/sql/deletions.ts).
    CREATE TABLE email_changes (
      ${d.insertionOrderColumn}
      id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL,
      email TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'cancelled', 'expired')),
      token_hash TEXT NOT NULL UNIQUE,
      created_at BIGINT NOT NULL,
      sent_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      ended_at BIGINT
    );
    -- At most one pending change per account, also between concurrent transactions on any instance.
    CREATE UNIQUE INDEX email_changes_pending ON email_changes(account_id) WHERE state = 'pending';
    CREATE INDEX email_changes_account ON email_changes(account_id, created_at${d.indexInsertionOrder});
  `,
};
