import type { Database, Statement } from 'better-sqlite3';
import type { Soon } from '../../domain/store.js';
import type { Answer, SqlSession } from '../sql/session.js';

/** Distinct statement texts kept prepared; the static ones number under a hundred, the rest vary with list filters. */
const CACHE_SIZE = 500;

/**
 * SqlSession on one better-sqlite3 database. Every statement text is prepared once and reused
 * (parsing SQL was the largest single cost under load). Calls run synchronously inside the group
 * commit's transaction; the promises only keep the port the same as PostgreSQL's.
 */
export class SqliteSession implements SqlSession {
  private readonly statements = new Map<string, Statement>();

  /** `transaction`: the group commit, whose transactions the statements run in. */
  constructor(
    private readonly db: Database,
    private readonly transaction: Pick<SqlSession, 'savepoint' | 'afterCommit'>,
  ) {}

  savepoint<T>(work: () => Promise<T>): Promise<T> {
    return this.transaction.savepoint(work);
  }

  afterCommit(hook: () => void): void {
    this.transaction.afterCommit(hook);
  }

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

  /** Nothing to save on a local file: the statement runs now. */
  soon<R>(sql: string, params: readonly unknown[] = [], arrived?: (answer: Answer<R>) => void): Soon<Answer<R>> {
    const statement = this.prepare(sql);
    const answer: Answer<R> = statement.reader
      ? { rows: statement.all(...params) as R[], changes: 0 }
      : { rows: [], changes: statement.run(...params).changes };
    arrived?.(answer);
    const value = Promise.resolve(answer);
    return { value: () => value };
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
