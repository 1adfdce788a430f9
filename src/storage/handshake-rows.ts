import type { Handshake, HandshakeFilter, HandshakeTargetType, StoredHandshakeStatus } from '../domain/directory/handshake-store.js';

/** A `handshakes` row, the same in both engines (times as integer milliseconds). */
export interface HandshakeRow {
  id: string;
  directory_id: string;
  master_account_id: string;
  master_account_name: string;
  target_entity: string;
  target_type: string;
  target_account_id: string;
  note: string;
  status: string;
  created_at: number;
  modified_at: number;
  expires_at: number;
}

export const toHandshake = (row: HandshakeRow): Handshake => ({
  id: row.id,
  directoryId: row.directory_id,
  masterAccountId: row.master_account_id,
  masterAccountName: row.master_account_name,
  targetEntity: row.target_entity,
  targetType: row.target_type as HandshakeTargetType,
  targetAccountId: row.target_account_id,
  note: row.note,
  status: row.status as StoredHandshakeStatus,
  createdAt: new Date(row.created_at),
  modifiedAt: new Date(row.modified_at),
  expiresAt: new Date(row.expires_at),
});

export const handshakeValues = (h: Handshake) => [
  h.id, h.directoryId, h.masterAccountId, h.masterAccountName, h.targetEntity, h.targetType, h.targetAccountId, h.note, h.status,
  h.createdAt.getTime(), h.modifiedAt.getTime(), h.expiresAt.getTime(),
];

export const HANDSHAKE_COLUMNS =
  'id, directory_id, master_account_id, master_account_name, target_entity, target_type, target_account_id, note, status, created_at, modified_at, expires_at';

/** The column a list filters on, and its value. */
export function filterColumn(filter: HandshakeFilter): [string, string] {
  if ('directoryId' in filter) return ['directory_id', filter.directoryId];
  if ('masterAccountId' in filter) return ['master_account_id', filter.masterAccountId];
  return ['target_account_id', filter.targetAccountId];
}
