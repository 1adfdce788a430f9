import type { AccountDeletion, DeletionState, Member, MemberFilter, Tag } from '../domain/directory/member-store.js';
import { type MemberRow, toMembership } from './rows.js';

/** A `members` row joined with its account, the same in both engines. */
export interface MemberViewRow extends MemberRow {
  account_name: string;
  shown_name: string;
}

export const toMember = (row: MemberViewRow): Member => ({
  membership: toMembership(row),
  accountName: row.account_name,
  displayName: row.shown_name,
});

export interface TagRow {
  account_id: string;
  key: string;
  value: string;
}

export const toTag = (row: TagRow): Tag => ({ key: row.key, value: row.value });

export const MEMBER_SELECT = `
  SELECT m.*, a.name AS account_name, COALESCE(m.display_name, a.display_name) AS shown_name
  FROM members m JOIN accounts a ON a.id = m.account_id`;

/**
 * The WHERE clause of a member listing and its parameters, with `placeholder(n)` giving the
 * dialect's n-th (1-based) parameter. The keyword is matched literally (`%` and `_` included).
 */
export function memberWhere(
  directoryId: string,
  filter: MemberFilter,
  placeholder: (n: number) => string,
  position: (haystack: string, needle: string) => string,
): { where: string; params: unknown[] } {
  const params: unknown[] = [directoryId];
  const next = (value: unknown) => {
    params.push(value);
    return placeholder(params.length);
  };
  const clauses = [`m.directory_id = ${placeholder(1)}`];
  if (filter.folderId !== undefined) clauses.push(`m.folder_id = ${next(filter.folderId)}`);
  if (filter.keyword) clauses.push(`${position('lower(COALESCE(m.display_name, a.display_name))', `lower(${next(filter.keyword)})`)} > 0`);
  for (const tag of filter.tags) {
    // Key before value: SQLite's `?` parameters are bound in text order.
    const key = next(tag.key);
    const value = tag.value === undefined ? '' : ` AND t.value = ${next(tag.value)}`;
    clauses.push(`EXISTS (SELECT 1 FROM account_tags t WHERE t.account_id = m.account_id AND t.key = ${key}${value})`);
  }
  return { where: clauses.join(' AND '), params };
}

export const MEMBER_ORDER = 'ORDER BY m.joined_at, m.account_id';

export function groupTags(rows: readonly TagRow[]): Map<string, Tag[]> {
  const map = new Map<string, Tag[]>();
  for (const row of rows) {
    const list = map.get(row.account_id) ?? [];
    list.push(toTag(row));
    map.set(row.account_id, list);
  }
  return map;
}

/** An `account_deletions` row, the same in both engines. */
export interface DeletionRow {
  account_id: string;
  directory_id: string;
  status: DeletionState;
  check_started_at: number | string;
  check_done_at: number | string;
  deletion_started_at: number | string | null;
  deletion_due_at: number | string | null;
}

const time = (value: number | string) => new Date(Number(value));

export const toDeletion = (row: DeletionRow): AccountDeletion => ({
  accountId: row.account_id,
  directoryId: row.directory_id,
  status: row.status,
  checkStartedAt: time(row.check_started_at),
  checkDoneAt: time(row.check_done_at),
  deletionStartedAt: row.deletion_started_at === null ? null : time(row.deletion_started_at),
  deletionDueAt: row.deletion_due_at === null ? null : time(row.deletion_due_at),
});
