import type { Handshake, HandshakeFilter, HandshakeStore } from '../../domain/directory/handshake-store.js';
import { filterColumn, HANDSHAKE_COLUMNS, handshakeValues, type HandshakeRow, toHandshake } from '../handshake-rows.js';
import type { TxContext } from './transactor.js';

export class PgHandshakes implements HandshakeStore {
  constructor(private readonly tx: TxContext) {}

  async insert(h: Handshake): Promise<boolean> {
    // A concurrent insert for the same target waits for the other transaction and then does nothing.
    const { rowCount } = await this.tx.query(
      `INSERT INTO handshakes (${HANDSHAKE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (directory_id, target_account_id) WHERE status = 'Pending' DO NOTHING`,
      handshakeValues(h),
    );
    return rowCount === 1;
  }

  async get(id: string): Promise<Handshake | undefined> {
    const { rows } = await this.tx.query<HandshakeRow>('SELECT * FROM handshakes WHERE id = $1', [id]);
    return rows[0] && toHandshake(rows[0]);
  }

  async expirePending(directoryId: string, targetAccountId: string, now: Date): Promise<void> {
    await this.tx.query(
      `UPDATE handshakes SET status = 'Expired', modified_at = expires_at
       WHERE directory_id = $1 AND target_account_id = $2 AND status = 'Pending' AND expires_at <= $3`,
      [directoryId, targetAccountId, now.getTime()],
    );
  }

  async transition(id: string, status: 'Accepted' | 'Declined' | 'Cancelled', now: Date): Promise<boolean> {
    // Under READ COMMITTED a concurrent transition holds the row; this UPDATE waits, re-reads the
    // row and finds it no longer Pending: zero rows, so exactly one of them wins.
    const t = now.getTime();
    const { rowCount } = await this.tx.query(
      "UPDATE handshakes SET status = $1, modified_at = $2 WHERE id = $3 AND status = 'Pending' AND expires_at > $4",
      [status, t, id, t],
    );
    return rowCount === 1;
  }

  async countSentSince(directoryId: string, since: Date): Promise<number> {
    const { rows } = await this.tx.query<{ n: number }>(
      "SELECT COUNT(*)::int AS n FROM handshakes WHERE directory_id = $1 AND created_at >= $2 AND status <> 'Accepted'",
      [directoryId, since.getTime()],
    );
    return rows[0]!.n;
  }

  async list(filter: HandshakeFilter, offset: number, limit: number): Promise<Handshake[]> {
    const [column, value] = filterColumn(filter);
    const { rows } = await this.tx.query<HandshakeRow>(`SELECT * FROM handshakes WHERE ${column} = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`, [
      value,
      limit,
      offset,
    ]);
    return rows.map(toHandshake);
  }

  async count(filter: HandshakeFilter): Promise<number> {
    const [column, value] = filterColumn(filter);
    const { rows } = await this.tx.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM handshakes WHERE ${column} = $1`, [value]);
    return rows[0]!.n;
  }
}
