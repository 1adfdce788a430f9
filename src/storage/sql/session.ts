/**
 * What the SQL stores run on: one transaction of one engine. Statements are written once, with `?`
 * placeholders bound in text order; each engine prepares (SQLite) or rebinds to `$n` (PostgreSQL) a
 * statement's text once and reuses it, so passing the same text again costs a map lookup.
 *
 * Values are strings, numbers or null (never `undefined` or booleans: store 0/1 for flags); times
 * are integer milliseconds since the epoch, read back as numbers on both engines.
 */
import type { Soon } from '../../domain/store.js';

export interface SqlSession {
  /** Every row the statement returns. */
  all<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** The first row the statement returns, or undefined. */
  get<R = Row>(sql: string, params?: readonly unknown[]): Promise<R | undefined>;
  /** Runs a statement that returns no rows; resolves with how many rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * A write whose answer nobody reads (no row count, no rows). PostgreSQL queues it to travel with
   * the next statement or COMMIT, saving a round trip, so a failure shows there; SQLite runs it now.
   */
  later(sql: string, params?: readonly unknown[]): Promise<void>;
  /**
   * A statement whose answer can wait for the next one: PostgreSQL queues it to travel with that
   * statement (or COMMIT), saving a round trip; SQLite runs it now. `arrived` runs as soon as the
   * answer is in, before the statement it travelled with answers its caller, so what that caller
   * relies on (the emulator clock, for the key lookup) is in place when it goes on.
   */
  soon<R = Row>(sql: string, params?: readonly unknown[], arrived?: (answer: Answer<R>) => void): Soon<Answer<R>>;
  /** As DomainStores.savepoint: a throw undoes only the work's own writes, unless it asks to keep them. */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `hook` once the transaction is durably committed; never if it fails, nor if a savepoint
   * around this call throws (see AfterCommit). Only inside a transaction.
   */
  afterCommit(hook: () => void): void;
}

/**
 * A row as the driver returns it, by column name. Each store turns its rows into domain objects in
 * one mapper, the only place that knows both the columns and the fields.
 */
// biome-ignore lint/suspicious/noExplicitAny: rows are untyped data from SQL; the mappers give them types.
export type Row = Record<string, any>;

/** What a `soon` statement answers: its rows (a read), or how many rows it changed (a write). */
export interface Answer<R = Row> {
  readonly rows: R[];
  readonly changes: number;
}

/** A Soon's answer, mapped once it is in. */
export const mapSoon = <A, B>(soon: Soon<A>, map: (answer: A) => B): Soon<B> => ({ value: async () => map(await soon.value()) });

/** A time column (integer milliseconds) as a Date; NULL stays null. */
export const time = (value: number) => new Date(value);
export const timeOrNull = (value: number | null) => (value === null ? null : new Date(value));

/** `?, ?, ?` for a list of `n` values (an `IN (...)` list). */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** The `n` of a `SELECT COUNT(*) AS n ...` (a BIGINT on PostgreSQL, read as a number by the pool's parser). */
export async function count(s: SqlSession, sql: string, params: readonly unknown[]): Promise<number> {
  return Number((await s.get<{ n: number | string }>(sql, params))!.n);
}

/** True when the query returns a row. */
export async function exists(s: SqlSession, sql: string, params: readonly unknown[]): Promise<boolean> {
  return (await s.get(sql, params)) !== undefined;
}
