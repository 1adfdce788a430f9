import type { Soon } from '../../domain/store.js';
import { mapSoon, type SqlSession } from './session.js';

const MINUTE_MS = 60_000;

/**
 * The key is (minute of the signed timestamp, AccessKey, nonce): a replay repeats the request's
 * signed timestamp, so its claim meets the first one's key, and a second insert of the same key (on
 * PostgreSQL, after waiting for the first to commit) changes nothing, on every instance at once. The
 * same nonce signed anew a minute either side is looked for too and refused; that look is exact on
 * SQLite, whose writes go one at a time, and on PostgreSQL may miss a claim still uncommitted in
 * another transaction (not a replay: only the key's holder can sign a new timestamp). The minute
 * first keeps each insert at the right edge of the key and each pruned row at the left edge
 * (migration 021).
 */
const CLAIM = `INSERT INTO nonces (signed_minute, access_key_id, nonce, expires_at)
  SELECT CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT)
  WHERE NOT EXISTS (SELECT 1 FROM nonces WHERE signed_minute IN (CAST(? AS BIGINT), CAST(? AS BIGINT)) AND access_key_id = ? AND nonce = ?)
  ON CONFLICT DO NOTHING`;

/**
 * Replay protection for the RPC pipeline (src/protocol/ports.ts declares what it needs). The claim
 * goes with the request's next statement (its first on PostgreSQL is the Action's), saving a round trip.
 */
export class SqlNonces {
  constructor(private readonly s: SqlSession) {}

  claim(accessKeyId: string, nonce: string, signedAt: Date, expiresAt: Date): Soon<boolean> {
    const minute = Math.floor(signedAt.getTime() / MINUTE_MS);
    const params = [minute, accessKeyId, nonce, expiresAt.getTime(), minute - 1, minute + 1, accessKeyId, nonce];
    return mapSoon(this.s.soon(CLAIM, params), (answer) => answer.changes === 1);
  }
}
