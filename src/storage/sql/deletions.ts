import type { AccountDeletion, DeletionSchedule, MemberDeletionStore } from '../../domain/directory/deletion-store.js';
import { type Row, type SqlSession, time, timeOrNull } from './session.js';

const toDeletion = (row: Row): AccountDeletion => ({
  accountId: row.account_id,
  directoryId: row.directory_id,
  status: row.status,
  checkStartedAt: time(row.check_started_at),
  checkDoneAt: time(row.check_done_at),
  deletionStartedAt: timeOrNull(row.deletion_started_at),
  deletionDueAt: timeOrNull(row.deletion_due_at),
});

const START_CHECK = `INSERT INTO account_deletions (account_id, directory_id, status, check_started_at, check_done_at) VALUES (?, ?, 'Checking', ?, ?)
  ON CONFLICT (account_id) DO UPDATE SET directory_id = excluded.directory_id, status = 'Checking',
    check_started_at = excluded.check_started_at, check_done_at = excluded.check_done_at, deletion_started_at = NULL, deletion_due_at = NULL`;
// A concurrent start (PostgreSQL) waits for the row, then finds it Deleting and updates nothing.
const START = `INSERT INTO account_deletions
    (account_id, directory_id, status, check_started_at, check_done_at, deletion_started_at, deletion_due_at)
  VALUES (?, ?, 'Deleting', ?, ?, ?, ?)
  ON CONFLICT (account_id) DO UPDATE SET directory_id = excluded.directory_id, status = 'Deleting',
    check_started_at = excluded.check_started_at, check_done_at = excluded.check_done_at,
    deletion_started_at = excluded.deletion_started_at, deletion_due_at = excluded.deletion_due_at
  WHERE account_deletions.status = 'Checking'`;
const DUE =
  "SELECT account_id FROM account_deletions WHERE directory_id = ? AND status = 'Deleting' AND deletion_due_at <= ? ORDER BY account_id";
// Whoever updates first wins; a concurrent finisher waits for the row lock, then matches nothing.
const FINISH = "UPDATE account_deletions SET status = 'Success' WHERE account_id = ? AND status = 'Deleting' AND deletion_due_at <= ?";
/**
 * What goes with a deleted member account, children first. A table added later with a reference
 * to `accounts` must be listed here.
 */
const DROP_ACCOUNT = [
  "DELETE FROM resource_tags WHERE resource_type = 'Account' AND resource_id = ?",
  'DELETE FROM control_policy_attachments WHERE target_id = ?',
  'DELETE FROM message_contact_members WHERE member_id = ?',
  'DELETE FROM email_changes WHERE account_id = ?',
  'DELETE FROM delegated_administrators WHERE account_id = ?',
  'DELETE FROM trusted_service_enablements WHERE account_id = ?',
  'DELETE FROM members WHERE account_id = ?',
  'DELETE FROM access_keys WHERE account_id = ?',
  'DELETE FROM accounts WHERE id = ?',
];

export class SqlMemberDeletions implements MemberDeletionStore {
  constructor(private readonly s: SqlSession) {}

  async get(accountId: string): Promise<AccountDeletion | undefined> {
    const row = await this.s.get('SELECT * FROM account_deletions WHERE account_id = ?', [accountId]);
    return row && toDeletion(row);
  }

  async startCheck(accountId: string, directoryId: string, startedAt: Date, doneAt: Date): Promise<void> {
    await this.s.run(START_CHECK, [accountId, directoryId, startedAt.getTime(), doneAt.getTime()]);
  }

  async start(accountId: string, directoryId: string, d: DeletionSchedule): Promise<boolean> {
    const values = [accountId, directoryId, d.checkStartedAt.getTime(), d.checkDoneAt.getTime(), d.startedAt.getTime(), d.dueAt.getTime()];
    return (await this.s.run(START, values)) === 1;
  }

  async finishDue(directoryId: string, now: Date): Promise<string[]> {
    const due = await this.s.all<{ account_id: string }>(DUE, [directoryId, now.getTime()]);
    const done: string[] = [];
    for (const { account_id: accountId } of due) if (await this.finishDueOf(accountId, now)) done.push(accountId);
    return done;
  }

  async finishDueOf(accountId: string, now: Date): Promise<boolean> {
    if ((await this.s.run(FINISH, [accountId, now.getTime()])) !== 1) return false;
    for (const sql of DROP_ACCOUNT) await this.s.run(sql, [accountId]);
    return true;
  }
}
