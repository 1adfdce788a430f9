import type { NonceStore } from '../../protocol/nonce-store.js';
import type { TxContext } from './transactor.js';

export class PgNonces implements NonceStore {
  constructor(private readonly tx: TxContext) {}

  async claim(accessKeyId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    // The primary key makes the claim atomic across instances: a concurrent insert of the same
    // nonce waits for the first to commit, then changes nothing.
    const result = await this.tx.query('INSERT INTO nonces (access_key_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      accessKeyId, nonce, expiresAt.getTime(),
    ]);
    return result.rowCount === 1;
  }

  async prune(now: Date): Promise<number> {
    return (await this.tx.query('DELETE FROM nonces WHERE expires_at < $1', [now.getTime()])).rowCount ?? 0;
  }
}
