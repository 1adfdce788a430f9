import type { Database } from 'better-sqlite3';
import type { Handshake, HandshakeFilter, HandshakeStore } from '../../domain/directory/handshake-store.js';
import { filterColumn, HANDSHAKE_COLUMNS, handshakeValues, type HandshakeRow, toHandshake } from '../handshake-rows.js';

export class SqliteHandshakes implements HandshakeStore {
  constructor(private readonly db: Database) {}

  async insert(h: Handshake): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO handshakes (${HANDSHAKE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (directory_id, target_account_id) WHERE status = 'Pending' DO NOTHING`,
      )
      .run(...handshakeValues(h));
    return result.changes === 1;
  }

  async get(id: string): Promise<Handshake | undefined> {
    const row = this.db.prepare<[string], HandshakeRow>('SELECT * FROM handshakes WHERE id = ?').get(id);
    return row && toHandshake(row);
  }

  async expirePending(directoryId: string, targetAccountId: string, now: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE handshakes SET status = 'Expired', modified_at = expires_at
         WHERE directory_id = ? AND target_account_id = ? AND status = 'Pending' AND expires_at <= ?`,
      )
      .run(directoryId, targetAccountId, now.getTime());
  }

  async transition(id: string, status: 'Accepted' | 'Declined' | 'Cancelled', now: Date): Promise<boolean> {
    const t = now.getTime();
    const result = this.db
      .prepare("UPDATE handshakes SET status = ?, modified_at = ? WHERE id = ? AND status = 'Pending' AND expires_at > ?")
      .run(status, t, id, t);
    return result.changes === 1;
  }

  async countSentSince(directoryId: string, since: Date): Promise<number> {
    return this.db
      .prepare<[string, number], number>("SELECT COUNT(*) FROM handshakes WHERE directory_id = ? AND created_at >= ? AND status <> 'Accepted'")
      .pluck()
      .get(directoryId, since.getTime())!;
  }

  async list(filter: HandshakeFilter, offset: number, limit: number): Promise<Handshake[]> {
    const [column, value] = filterColumn(filter);
    return this.db
      .prepare<[string, number, number], HandshakeRow>(`SELECT * FROM handshakes WHERE ${column} = ? ORDER BY created_at, id LIMIT ? OFFSET ?`)
      .all(value, limit, offset)
      .map(toHandshake);
  }

  async count(filter: HandshakeFilter): Promise<number> {
    const [column, value] = filterColumn(filter);
    return this.db.prepare<[string], number>(`SELECT COUNT(*) FROM handshakes WHERE ${column} = ?`).pluck().get(value)!;
  }
}
