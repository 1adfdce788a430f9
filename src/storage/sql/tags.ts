import type { DistinctQuery, ResourceTag, ResourceTagQuery, Tag, TaggedType, TagStore } from '../../domain/tags/tag-store.js';
import type { Dialect } from './dialect.js';
import { placeholders, type Row, type SqlSession } from './session.js';

const toResourceTag = (row: Row): ResourceTag => ({
  resourceType: row.resource_type,
  resourceId: row.resource_id,
  key: row.key,
  value: row.value,
});

const UPSERT = `INSERT INTO resource_tags (directory_id, resource_type, resource_id, key, value) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (resource_type, resource_id, key) DO UPDATE SET value = excluded.value`;

/** `column` holds `?` case-insensitively and literally (`%` and `_` included), when a filter is given. */
const contains = (d: Dialect, column: string, query: DistinctQuery, where: string[], params: unknown[]) => {
  if (!query.contains) return;
  where.push(`${d.position(`lower(${column})`, 'lower(?)')} > 0`);
  params.push(query.contains);
};

export class SqlTags implements TagStore {
  constructor(
    private readonly s: SqlSession,
    private readonly d: Dialect,
  ) {}

  async of(type: TaggedType, resourceIds: readonly string[]): Promise<Map<string, Tag[]>> {
    const map = new Map<string, Tag[]>();
    if (resourceIds.length === 0) return map;
    const sql = `SELECT * FROM resource_tags WHERE resource_type = ? AND resource_id IN (${placeholders(resourceIds.length)})
      ORDER BY resource_id, ${this.d.bytewise('key')}`;
    for (const row of await this.s.all(sql, [type, ...resourceIds])) {
      const list = map.get(row.resource_id) ?? [];
      list.push({ key: row.key, value: row.value });
      map.set(row.resource_id, list);
    }
    return map;
  }

  async put(directoryId: string, type: TaggedType, resourceId: string, tags: readonly Tag[]): Promise<void> {
    for (const tag of tags) await this.s.run(UPSERT, [directoryId, type, resourceId, tag.key, tag.value]);
  }

  async remove(type: TaggedType, resourceId: string, keys: readonly string[] | 'all'): Promise<void> {
    if (keys === 'all') {
      await this.s.run('DELETE FROM resource_tags WHERE resource_type = ? AND resource_id = ?', [type, resourceId]);
    } else if (keys.length > 0) {
      const sql = `DELETE FROM resource_tags WHERE resource_type = ? AND resource_id = ? AND key IN (${placeholders(keys.length)})`;
      await this.s.run(sql, [type, resourceId, ...keys]);
    }
  }

  async clear(directoryId: string): Promise<void> {
    await this.s.run('DELETE FROM resource_tags WHERE directory_id = ?', [directoryId]);
  }

  async list(directoryId: string, query: ResourceTagQuery): Promise<ResourceTag[]> {
    const d = this.d;
    const where = ['t.directory_id = ?', 't.resource_type = ?'];
    const params: unknown[] = [directoryId, query.type];
    if (query.resourceIds.length > 0) {
      where.push(`t.resource_id IN (${placeholders(query.resourceIds.length)})`);
      params.push(...query.resourceIds);
    }
    for (const filter of query.filters) {
      const value = filter.value === undefined ? '' : ' AND f.value = ?';
      where.push(
        `EXISTS (SELECT 1 FROM resource_tags f WHERE f.resource_type = t.resource_type AND f.resource_id = t.resource_id AND f.key = ?${value})`,
      );
      params.push(filter.key, ...(filter.value === undefined ? [] : [filter.value]));
    }
    if (query.filters.length > 0) {
      where.push(`t.key IN (${placeholders(query.filters.length)})`);
      params.push(...query.filters.map((f) => f.key));
    }
    if (query.after) {
      const [id, key] = [d.bytewise('t.resource_id'), d.bytewise('t.key')];
      where.push(`(${id} > ? OR (t.resource_id = ? AND ${key} > ?))`);
      params.push(query.after.resourceId, query.after.resourceId, query.after.key);
    }
    const sql = `SELECT t.* FROM resource_tags t WHERE ${where.join(' AND ')}
      ORDER BY ${d.bytewise('t.resource_id')}, ${d.bytewise('t.key')} LIMIT ?`;
    return (await this.s.all(sql, [...params, query.limit])).map(toResourceTag);
  }

  async keys(directoryId: string, type: TaggedType, query: DistinctQuery): Promise<string[]> {
    return this.distinct('key', ['directory_id = ?', 'resource_type = ?'], [directoryId, type], query);
  }

  async values(directoryId: string, type: TaggedType, key: string, query: DistinctQuery): Promise<string[]> {
    return this.distinct('value', ['directory_id = ?', 'resource_type = ?', 'key = ?'], [directoryId, type, key], query);
  }

  /** Distinct values of a column, byte-wise ordered (GROUP BY, since PostgreSQL's DISTINCT cannot be ordered by a collated copy). */
  private async distinct(column: 'key' | 'value', where: string[], params: unknown[], query: DistinctQuery): Promise<string[]> {
    contains(this.d, column, query, where, params);
    if (query.after !== undefined) {
      where.push(`${this.d.bytewise(column)} > ?`);
      params.push(query.after);
    }
    const sql = `SELECT ${column} FROM resource_tags WHERE ${where.join(' AND ')} GROUP BY ${column} ORDER BY ${this.d.bytewise(column)} LIMIT ?`;
    return (await this.s.all(sql, [...params, query.limit])).map((row) => row[column] as string);
  }
}
