import type { Soon } from '../../domain/store.js';
import { type Answer, mapSoon, type SqlSession } from '../sql/session.js';
import type { QueryResult } from 'pg';
import type { TxContext } from './tx-session.js';

/** Distinct statement texts kept rebound; the static ones number under a hundred, the rest vary with list filters. */
const CACHE_SIZE = 500;

/**
 * `?` placeholders as PostgreSQL's `$1..$n`, in text order. Quoted literals and identifiers are
 * copied as they are, so a `?` inside them stays a `?`.
 */
export function rebind(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | undefined;
  for (const char of sql) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '?') {
      out += `$${++n}`;
      continue;
    }
    out += char;
  }
  return out;
}

/** Rebinds each statement text once; shared by every transaction of one store. */
export class Rebinder {
  private readonly texts = new Map<string, string>();

  text(sql: string): string {
    let text = this.texts.get(sql);
    if (text === undefined) {
      text = rebind(sql);
      if (this.texts.size >= CACHE_SIZE) this.texts.delete(this.texts.keys().next().value!);
      this.texts.set(sql, text);
    }
    return text;
  }
}

/** SqlSession on one PostgreSQL transaction. */
export class PgSession implements SqlSession {
  constructor(
    private readonly tx: TxContext,
    private readonly rebinder: Rebinder,
  ) {}

  async all<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.tx.query(this.rebinder.text(sql), params)).rows as R[];
  }

  async get<R>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    return (await this.tx.query(this.rebinder.text(sql), params)).rows[0] as R | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.tx.query(this.rebinder.text(sql), params)).rowCount ?? 0;
  }

  later(sql: string, params: readonly unknown[] = []): Promise<void> {
    return this.tx.later(this.rebinder.text(sql), params);
  }

  soon<R>(sql: string, params: readonly unknown[] = [], arrived?: (answer: Answer<R>) => void): Soon<Answer<R>> {
    const answerOf = (result: QueryResult): Answer<R> => ({ rows: result.rows as R[], changes: result.rowCount ?? 0 });
    return mapSoon(this.tx.soon(this.rebinder.text(sql), params, arrived && ((result) => arrived(answerOf(result)))), answerOf);
  }

  savepoint<T>(work: () => Promise<T>): Promise<T> {
    return this.tx.savepoint(work);
  }

  afterCommit(hook: () => void): void {
    this.tx.afterCommit.add(hook);
  }
}
