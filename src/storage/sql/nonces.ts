import type { SqlSession } from './session.js';

/**
 * Replay protection for the RPC pipeline (src/protocol/nonce-store.ts declares what it needs). The
 * primary key makes a claim atomic across instances: a second insert of the same nonce (on
 * PostgreSQL, after waiting for the first to commit) changes nothing.
 */
export class SqlNonces {
  constructor(private readonly s: SqlSession) {}

  async claim(accessKeyId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    const sql = 'INSERT INTO nonces (access_key_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING';
    return (await this.s.run(sql, [accessKeyId, nonce, expiresAt.getTime()])) === 1;
  }
}
