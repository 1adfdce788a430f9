import type { Database, Statement } from 'better-sqlite3';
import type { NonceStore } from '../../protocol/nonce-store.js';

export class SqliteNonces implements NonceStore {
  private readonly claimStmt: Statement<[string, string, number]>;
  private readonly pruneStmt: Statement<[number]>;

  constructor(db: Database) {
    // The primary key makes the claim atomic: a second insert of the same nonce changes nothing.
    this.claimStmt = db.prepare('INSERT INTO nonces (access_key_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    this.pruneStmt = db.prepare('DELETE FROM nonces WHERE expires_at < ?');
  }

  async claim(accessKeyId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    return this.claimStmt.run(accessKeyId, nonce, expiresAt.getTime()).changes === 1;
  }

  async prune(now: Date): Promise<number> {
    return this.pruneStmt.run(now.getTime()).changes;
  }
}
