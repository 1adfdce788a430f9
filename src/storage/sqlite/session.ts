import type { Database, Statement } from 'better-sqlite3';
import type { SqlSession } from '../sql/session.js';

/** Distinct statement texts kept prepared; the static ones number under a hundred, the rest vary with list filters. */
const CACHE_SIZE = 500;

/**
 * SqlSession on one better-sqlite3 database. Every statement text is prepared once and reused
 * (parsing SQL was the largest single cost under load). Calls run synchronously inside the group
 * commit's transaction; the promises only keep the port the same as PostgreSQL's.
 */
export class SqliteSession implements SqlSession {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    readonly savepoint: SqlSession['savepoint'],
  ) {}

  async all<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.prepare(sql).all(...params) as R[];
  }

  async get<R>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    return this.prepare(sql).get(...params) as R | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.prepare(sql).run(...params).changes;
  }

  async later(sql: string, params: readonly unknown[] = []): Promise<void> {
    this.prepare(sql).run(...params);
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
