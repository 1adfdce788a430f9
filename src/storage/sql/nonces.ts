import type { Soon } from '../../domain/store.js';
import { mapSoon, type SqlSession } from './session.js';

/**
 * Replay protection for the RPC pipeline (src/protocol/nonce-store.ts declares what it needs). The
 * primary key makes a claim atomic across instances: a second insert of the same nonce (on
 * PostgreSQL, after waiting for the first to commit) changes nothing. The claim goes with the
 * request's next statement (its first on PostgreSQL is the Action's), saving a round trip.
 */
export class SqlNonces {
  constructor(private readonly s: SqlSession) {}

  claim(accessKeyId: string, nonce: string, expiresAt: Date): Soon<boolean> {
    const sql = 'INSERT INTO nonces (access_key_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING';
    return mapSoon(this.s.soon(sql, [accessKeyId, nonce, expiresAt.getTime()]), (answer) => answer.changes === 1);
  }
}
