import type { Migration } from './migration.js';

/**
 * Nonces keyed first by the minute of the request's signed timestamp. Keyed by the client's random
 * nonce alone, each insert and each pruned row landed on a page of its own anywhere in the index, the
 * one table that holds the traffic of the whole timestamp window: the CPU per send grew with it in the
 * soak (docs/configuration.md, Retention). Now inserts go to the right edge of the key and pruning
 * takes from the left. A replay repeats the signed timestamp, so the key still refuses it atomically on
 * every engine; the store also looks in the adjacent minutes (src/storage/sql/nonces.ts).
 *
 * The minute of a nonce claimed before this migration is taken from its expiry less the window of
 * 15 minutes: exact for a request whose timestamp was not behind the server's clock, and within the
 * adjacent minute for one up to a minute behind (docs/production.md, Upgrades).
 */
export const noncesByMinute: Migration = {
  version: 21,
  name: 'nonces-by-minute',
  sql: (d) => `
    CREATE TABLE nonces_by_minute (
      signed_minute BIGINT NOT NULL,
      access_key_id TEXT NOT NULL,
      nonce TEXT NOT NULL,
      expires_at BIGINT NOT NULL,
      PRIMARY KEY (signed_minute, access_key_id, nonce)
    )${d.keyedTable};
    INSERT INTO nonces_by_minute (signed_minute, access_key_id, nonce, expires_at)
      SELECT (expires_at - 900000) / 60000, access_key_id, nonce, expires_at FROM nonces;
    DROP TABLE nonces;
    ALTER TABLE nonces_by_minute RENAME TO nonces;
    CREATE INDEX nonces_expiry ON nonces(expires_at);
  `,
};
