import type {
  AttachedControlPolicy,
  ControlPolicyAttachment,
  ControlPolicyStore,
  CustomControlPolicy,
  PolicyChanges,
  TargetAttachment,
} from '../../domain/policies/policy-store.js';
import { systemPolicies } from '../../domain/policies/system-policies.js';
import type { Dialect } from './dialect.js';
import { count, exists, placeholders, type Row, type SqlSession, time } from './session.js';

const systemPolicy = (id: string) => systemPolicies.find((p) => p.policyId === id);

const toPolicy = (row: Row): CustomControlPolicy => ({
  id: row.id,
  directoryId: row.directory_id,
  name: row.name,
  description: row.description,
  effectScope: row.effect_scope,
  document: row.document,
  createdAt: time(row.created_at),
  updatedAt: time(row.updated_at),
});

/** An attachment row joined with its custom policy (NULL columns for a system policy, filled from its definition). */
const toAttached = (row: Row): AttachedControlPolicy => {
  const system = systemPolicy(row.policy_id);
  if (system) {
    return {
      id: system.policyId,
      name: system.policyName,
      type: 'System',
      document: system.documentText,
      description: system.descriptions['zh-CN'],
      effectScope: system.effectScope,
      attachedAt: time(row.attached_at),
    };
  }
  return {
    id: row.policy_id,
    name: row.name,
    type: 'Custom',
    document: row.document,
    description: row.description,
    effectScope: row.effect_scope,
    attachedAt: time(row.attached_at),
  };
};

// A concurrent insert of the same name (PostgreSQL) waits for the other transaction, then inserts nothing.
const INSERT = `INSERT INTO control_policies (id, directory_id, name, description, effect_scope, document, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (directory_id, name) DO NOTHING`;
const ATTACH = `INSERT INTO control_policy_attachments (policy_id, target_id, directory_id, target_type, attached_at)
  VALUES (?, ?, ?, ?, ?) ON CONFLICT (policy_id, target_id) DO NOTHING`;

// The SELECT's WHERE also settles SQLite's parse of INSERT … SELECT … ON CONFLICT.
const ATTACH_TO_FOLDERS = `INSERT INTO control_policy_attachments (policy_id, target_id, directory_id, target_type, attached_at)
  SELECT ?, id, directory_id, 'Folder', ? FROM folders WHERE directory_id = ? ORDER BY created_at, id
  ON CONFLICT (policy_id, target_id) DO NOTHING`;
const ATTACH_TO_MEMBERS = `INSERT INTO control_policy_attachments (policy_id, target_id, directory_id, target_type, attached_at)
  SELECT ?, account_id, directory_id, 'Account', ? FROM members WHERE directory_id = ? ORDER BY joined_at, account_id
  ON CONFLICT (policy_id, target_id) DO NOTHING`;

export class SqlControlPolicies implements ControlPolicyStore {
  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
  ) {}

  async insert(p: CustomControlPolicy): Promise<boolean> {
    const values = [p.id, p.directoryId, p.name, p.description, p.effectScope, p.document, p.createdAt.getTime(), p.updatedAt.getTime()];
    return (await this.s.run(INSERT, values)) === 1;
  }

  async get(id: string): Promise<CustomControlPolicy | undefined> {
    const row = await this.s.get('SELECT * FROM control_policies WHERE id = ?', [id]);
    return row && toPolicy(row);
  }

  async nameTaken(directoryId: string, name: string, exceptId?: string): Promise<boolean> {
    return exists(this.s, 'SELECT 1 AS found FROM control_policies WHERE directory_id = ? AND name = ? AND id <> ?', [
      directoryId,
      name,
      exceptId ?? '',
    ]);
  }

  async update(id: string, c: PolicyChanges): Promise<void> {
    await this.s.run('UPDATE control_policies SET name = ?, description = ?, document = ?, updated_at = ? WHERE id = ?', [
      c.name,
      c.description,
      c.document,
      c.updatedAt.getTime(),
      id,
    ]);
  }

  async remove(id: string): Promise<void> {
    await this.s.run('DELETE FROM control_policies WHERE id = ?', [id]);
  }

  async count(directoryId: string): Promise<number> {
    return count(this.s, 'SELECT COUNT(*) AS n FROM control_policies WHERE directory_id = ?', [directoryId]);
  }

  async list(directoryId: string, offset: number, limit: number): Promise<CustomControlPolicy[]> {
    const sql = `SELECT * FROM control_policies WHERE directory_id = ? ORDER BY created_at, ${this.d.insertionOrder} LIMIT ? OFFSET ?`;
    return (await this.s.all(sql, [directoryId, limit, offset])).map(toPolicy);
  }

  async attachmentCounts(directoryId: string, policyIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (policyIds.length === 0) return counts;
    const sql = `SELECT policy_id, COUNT(*) AS n FROM control_policy_attachments
      WHERE directory_id = ? AND policy_id IN (${placeholders(policyIds.length)}) GROUP BY policy_id`;
    for (const row of await this.s.all(sql, [directoryId, ...policyIds])) counts.set(row.policy_id, Number(row.n));
    return counts;
  }

  async attach(a: ControlPolicyAttachment): Promise<boolean> {
    return (await this.s.run(ATTACH, [a.policyId, a.targetId, a.directoryId, a.targetType, a.attachedAt.getTime()])) === 1;
  }

  async attachToAll(directoryId: string, policyId: string, attachedAt: Date): Promise<void> {
    for (const sql of [ATTACH_TO_FOLDERS, ATTACH_TO_MEMBERS]) await this.s.run(sql, [policyId, attachedAt.getTime(), directoryId]);
  }

  async detach(policyId: string, targetId: string): Promise<boolean> {
    return (await this.s.run('DELETE FROM control_policy_attachments WHERE policy_id = ? AND target_id = ?', [policyId, targetId])) === 1;
  }

  async detachTarget(targetId: string): Promise<void> {
    await this.s.run('DELETE FROM control_policy_attachments WHERE target_id = ?', [targetId]);
  }

  async detachAll(directoryId: string): Promise<void> {
    await this.s.run('DELETE FROM control_policy_attachments WHERE directory_id = ?', [directoryId]);
  }

  async clear(directoryId: string): Promise<void> {
    await this.detachAll(directoryId);
    await this.s.run('DELETE FROM control_policies WHERE directory_id = ?', [directoryId]);
  }

  async countAttachedTo(targetId: string): Promise<number> {
    return count(this.s, 'SELECT COUNT(*) AS n FROM control_policy_attachments WHERE target_id = ?', [targetId]);
  }

  async attachedTo(targetIds: readonly string[]): Promise<Map<string, AttachedControlPolicy[]>> {
    const map = new Map<string, AttachedControlPolicy[]>();
    if (targetIds.length === 0) return map;
    const sql = `SELECT a.target_id, a.policy_id, a.attached_at, p.name, p.document, p.description, p.effect_scope
      FROM control_policy_attachments a LEFT JOIN control_policies p ON p.id = a.policy_id
      WHERE a.target_id IN (${placeholders(targetIds.length)}) ORDER BY a.target_id, a.attached_at, a.${this.d.insertionOrder}`;
    for (const row of await this.s.all(sql, targetIds)) {
      // An attachment whose policy is neither custom nor known as a system policy is skipped rather than guessed at.
      if (row.name === null && !systemPolicy(row.policy_id)) continue;
      const list = map.get(row.target_id) ?? [];
      list.push(toAttached(row));
      map.set(row.target_id, list);
    }
    return map;
  }

  async countTargets(directoryId: string, policyId: string): Promise<number> {
    const sql = 'SELECT COUNT(*) AS n FROM control_policy_attachments WHERE directory_id = ? AND policy_id = ?';
    return count(this.s, sql, [directoryId, policyId]);
  }

  async listTargets(directoryId: string, policyId: string, offset: number, limit: number): Promise<TargetAttachment[]> {
    // A folder is named by its name, a member by its display name in the directory (else its account's).
    const sql = `SELECT a.target_id, a.target_type, a.attached_at, COALESCE(f.name, m.display_name, acc.display_name, '') AS target_name
      FROM control_policy_attachments a
      LEFT JOIN folders f ON a.target_type = 'Folder' AND f.id = a.target_id
      LEFT JOIN members m ON a.target_type = 'Account' AND m.account_id = a.target_id
      LEFT JOIN accounts acc ON a.target_type = 'Account' AND acc.id = a.target_id
      WHERE a.directory_id = ? AND a.policy_id = ? ORDER BY a.attached_at, a.${this.d.insertionOrder} LIMIT ? OFFSET ?`;
    return (await this.s.all(sql, [directoryId, policyId, limit, offset])).map((row) => ({
      targetId: row.target_id,
      targetName: row.target_name,
      targetType: row.target_type,
      attachedAt: time(row.attached_at),
    }));
  }
}
