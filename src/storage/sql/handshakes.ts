import type { Handshake, HandshakeFilter, HandshakeStore } from '../../domain/directory/handshake-store.js';
import type { Tag } from '../../domain/tags/tag-store.js';
import { type Dialect, perDialect } from './dialect.js';
import { count, type Row, type SqlSession, time } from './session.js';

const toHandshake = (row: Row): Handshake => ({
  id: row.id,
  directoryId: row.directory_id,
  masterAccountId: row.master_account_id,
  masterAccountName: row.master_account_name,
  targetEntity: row.target_entity,
  targetType: row.target_type,
  targetAccountId: row.target_account_id,
  parentFolderId: row.parent_folder_id,
  note: row.note,
  tags: (JSON.parse(row.tags) as [string, string][]).map(([key, value]): Tag => ({ key, value })),
  status: row.status,
  createdAt: time(row.created_at),
  modifiedAt: time(row.modified_at),
  expiresAt: time(row.expires_at),
});

// A concurrent insert for the same target (PostgreSQL) waits for the other transaction, then does nothing.
const INSERT = `INSERT INTO handshakes (id, directory_id, master_account_id, master_account_name, target_entity, target_type,
    target_account_id, parent_folder_id, note, tags, status, created_at, modified_at, expires_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (directory_id, target_account_id) WHERE status = 'Pending' DO NOTHING`;
const EXPIRE = `UPDATE handshakes SET status = 'Expired', modified_at = expires_at
  WHERE directory_id = ? AND target_account_id = ? AND status = 'Pending' AND expires_at <= ?`;
// Of two concurrent transitions the second waits for the row (PostgreSQL), re-reads it, finds it no
// longer Pending and changes nothing: exactly one wins.
const TRANSITION = "UPDATE handshakes SET status = ?, modified_at = ? WHERE id = ? AND status = 'Pending' AND expires_at > ?";
const SENT_SINCE = "SELECT COUNT(*) AS n FROM handshakes WHERE directory_id = ? AND created_at >= ? AND status <> 'Accepted'";

/** Each filter's column; the statements are built once per column. */
const FILTERS = {
  directoryId: 'directory_id',
  masterAccountId: 'master_account_id',
  targetAccountId: 'target_account_id',
} as const;
const LIST = perDialect((d) =>
  Object.fromEntries(
    Object.values(FILTERS).map((c) => [
      c,
      `SELECT * FROM handshakes WHERE ${c} = ? ORDER BY created_at, ${d.insertionOrder} LIMIT ? OFFSET ?`,
    ]),
  ),
);
const COUNT = Object.fromEntries(Object.values(FILTERS).map((c) => [c, `SELECT COUNT(*) AS n FROM handshakes WHERE ${c} = ?`]));

function filterColumn(filter: HandshakeFilter): [string, string] {
  if ('directoryId' in filter) return [FILTERS.directoryId, filter.directoryId];
  if ('masterAccountId' in filter) return [FILTERS.masterAccountId, filter.masterAccountId];
  return [FILTERS.targetAccountId, filter.targetAccountId];
}

export class SqlHandshakes implements HandshakeStore {
  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
  ) {}

  async insert(h: Handshake): Promise<boolean> {
    const values = [
      h.id,
      h.directoryId,
      h.masterAccountId,
      h.masterAccountName,
      h.targetEntity,
      h.targetType,
      h.targetAccountId,
      h.parentFolderId,
      h.note,
      JSON.stringify(h.tags.map((t) => [t.key, t.value])),
      h.status,
      h.createdAt.getTime(),
      h.modifiedAt.getTime(),
      h.expiresAt.getTime(),
    ];
    return (await this.s.run(INSERT, values)) === 1;
  }

  async get(id: string): Promise<Handshake | undefined> {
    const row = await this.s.get('SELECT * FROM handshakes WHERE id = ?', [id]);
    return row && toHandshake(row);
  }

  async expirePending(directoryId: string, targetAccountId: string, now: Date): Promise<void> {
    await this.s.run(EXPIRE, [directoryId, targetAccountId, now.getTime()]);
  }

  async transition(id: string, status: 'Accepted' | 'Declined' | 'Cancelled', now: Date): Promise<boolean> {
    return (await this.s.run(TRANSITION, [status, now.getTime(), id, now.getTime()])) === 1;
  }

  async countSentSince(directoryId: string, since: Date): Promise<number> {
    return count(this.s, SENT_SINCE, [directoryId, since.getTime()]);
  }

  async list(filter: HandshakeFilter, offset: number, limit: number): Promise<Handshake[]> {
    const [column, value] = filterColumn(filter);
    return (await this.s.all(LIST(this.d)[column]!, [value, limit, offset])).map(toHandshake);
  }

  async count(filter: HandshakeFilter): Promise<number> {
    const [column, value] = filterColumn(filter);
    return count(this.s, COUNT[column]!, [value]);
  }
}
