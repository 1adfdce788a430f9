import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { Soon } from '../../domain/store.js';
import { AfterCommit } from '../sql/after-commit.js';
import type { StoreMetrics } from '../store.js';
import { errorCode, isConflict, isConnectionError, isStalePlan, keepsWrites } from './errors.js';
import { type Statement, type StatementNames, Write } from './write.js';

/** What the stores of one transaction use: its statements and its savepoints. */
export interface TxContext {
  query<R extends QueryResultRow = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>>;
  /**
   * A write whose answer nobody reads: queued, it travels with the next statement or with COMMIT.
   * Should it fail, that statement or the COMMIT fails with its error, and the transaction with it.
   */
  later(text: string, values?: readonly unknown[]): Promise<void>;
  /** A statement whose answer can wait: queued like `later`; its answer comes with the statement it travels with. */
  soon(text: string, values: readonly unknown[] | undefined, arrived?: (result: QueryResult) => void): Soon<QueryResult>;
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  /** What runs once this transaction is durably committed; the Transactor runs it. */
  readonly afterCommit: AfterCommit;
}

const BEGIN: Statement = { text: 'BEGIN ISOLATION LEVEL READ COMMITTED', values: undefined };

/** A queued statement that someone waits for: its answer, or why it never came. */
interface Awaited extends Statement {
  readonly arrived: ((result: QueryResult) => void) | undefined;
  result?: QueryResult;
  error?: unknown;
  settled: boolean;
}

/** What waits to be sent: statements nobody reads, and `soon` ones. */
type Queued = Statement | Awaited;

const statement = (text: string, values?: readonly unknown[]): Statement => ({ text, values });
const isAwaited = (queued: Queued): queued is Awaited => 'settled' in queued;

function settle(queued: Queued, result: QueryResult | undefined, error?: unknown): void {
  if (!isAwaited(queued) || queued.settled) return;
  queued.settled = true;
  if (result === undefined) {
    queued.error = error ?? new Error('the statement was undone before it was sent');
    return;
  }
  queued.result = result;
  queued.arrived?.(result);
}

/**
 * One transaction on one pooled client in pg's pipeline mode, sent with as few round trips as it
 * can: what needs no answer of its own is queued, and goes with the next statement in one write,
 * each statement prepared by name (parsed and planned once per connection, then only bound), one
 * Sync for the write. Queued: BEGIN (so it travels with the first statement), a SAVEPOINT (with the first
 * statement of its work), RELEASE (with whatever comes next, usually COMMIT), `later` writes (the
 * same), and `soon` statements, whose answers are handed out from the results of the write they went
 * in. A savepoint whose work sent nothing is never sent at all, and undoing it drops the writes it queued.
 *
 * A failed statement aborts the transaction, and PostgreSQL skips the statements behind it in the same
 * write up to its Sync, COMMIT included: a write fails as a whole, with the first statement that
 * failed, as one multi-statement string did, and the transaction stays open, aborted, until ROLLBACK.
 */
export class Session implements TxContext {
  /** Savepoint nesting depth, per transaction: many transactions run side by side on PostgreSQL. */
  private depth = 0;
  /** The first connection-level failure: once set, nothing more is sent and the client is discarded. */
  lost: unknown;
  /**
   * Why a write never went (see send): the writes queued with it went nowhere, so the transaction
   * must not commit, whatever the work did with the error.
   */
  private unsent: unknown;
  /** The latest failed statement, which explains a COMMIT that PostgreSQL answers with ROLLBACK. */
  private failed: unknown;
  /** True once the transaction ended (or never began on the server): only then is the client fit to go back to the pool. */
  clean = false;
  /** A conflict with another transaction that a savepoint's caller caught (the RPC pipeline catches every action error). */
  conflict: unknown;
  /** Statements not sent yet, in order; BEGIN first until the first statement goes. */
  private pending: Queued[] = [BEGIN];
  /** How many times queued statements were sent: a savepoint compares it to tell whether its SAVEPOINT went. */
  private flushes = 0;
  /** BEGIN went to the server: from then on COMMIT or ROLLBACK must too. */
  private begun = false;
  /** A prepared statement went stale (see isStalePlan): the client must not go back to the pool. */
  stale = false;
  readonly afterCommit = new AfterCommit();
  /** The statement names this session's connection has parsed. */
  private readonly parsed: Set<string>;

  constructor(
    private readonly client: PoolClient,
    private readonly names: StatementNames,
    private readonly metrics?: StoreMetrics,
  ) {
    this.parsed = names.parsedOn(client);
  }

  /** A checked-out client has no listener of the pool's: without this one a dying socket would crash the process. */
  readonly onError = (error: Error): void => {
    this.lost ??= error;
  };

  async query<R extends QueryResultRow>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>> {
    if (this.lost !== undefined) throw this.lost;
    return (await this.sendQueued<R>(this.take(), statement(text, values)))!;
  }

  soon(text: string, values: readonly unknown[] | undefined, arrived?: (result: QueryResult) => void): Soon<QueryResult> {
    const queued: Awaited = { text, values, arrived, settled: false };
    this.pending.push(queued);
    return { value: () => this.answerOf(queued) };
  }

  /** A `soon` statement's answer, sending what is queued if nothing went since it was queued. */
  private async answerOf(queued: Awaited): Promise<QueryResult> {
    if (!queued.settled && this.lost === undefined && this.pending.length > 0) await this.sendQueued(this.take()).catch(() => undefined);
    if (!queued.settled) settle(queued, undefined, this.lost);
    if (queued.error !== undefined) throw queued.error;
    return queued.result!;
  }

  async later(text: string, values?: readonly unknown[]): Promise<void> {
    if (this.lost !== undefined) throw this.lost;
    this.pending.push(statement(text, values));
  }

  /** COMMIT with whatever is queued, or ROLLBACK; nothing at all when the transaction never reached the server. */
  async end(command: 'COMMIT' | 'ROLLBACK'): Promise<QueryResult | undefined> {
    if (command === 'ROLLBACK') this.drop(0);
    else if (this.unsent !== undefined) throw this.unsent;
    // Only BEGIN queued: nothing was read or written on the server.
    if (!this.begun && this.pending.length <= 1) {
      this.pending = [];
      this.clean = true;
      return undefined;
    }
    const result = await this.sendQueued(this.take(), statement(command));
    this.clean = true;
    return result;
  }

  abortCause(): unknown {
    return this.failed ?? new Error('PostgreSQL rolled the transaction back at COMMIT');
  }

  savepoint<T>(work: () => Promise<T>): Promise<T> {
    return this.afterCommit.guard(() => this.savepointOf(work));
  }

  private async savepointOf<T>(work: () => Promise<T>): Promise<T> {
    const name = `sp${++this.depth}`;
    const mark = this.pending.length;
    const flushes = this.flushes;
    this.pending.push(statement(`SAVEPOINT ${name}`));
    const sent = () => this.flushes !== flushes;
    try {
      let result: T;
      try {
        result = await work();
      } catch (error) {
        if (isConflict(error)) this.conflict ??= error;
        await this.undo(name, error, sent() ? undefined : mark);
        throw error;
      }
      // Unsent, the savepoint is dropped and the writes queued after it stay queued; sent, it is
      // released with the next thing that goes. Should the work have swallowed a failed statement,
      // PostgreSQL refuses that RELEASE and the transaction fails there (see Transactor.commit).
      if (sent()) this.pending.push(statement(`RELEASE SAVEPOINT ${name}`));
      else this.pending.splice(mark, 1);
      return result;
    } finally {
      this.depth--;
    }
  }

  /**
   * Ends a savepoint whose work threw: keeps its writes if the error asks to (and PostgreSQL can),
   * else undoes them. `mark`: where its SAVEPOINT sits in the queue when it was never sent.
   */
  private async undo(name: string, error: unknown, mark: number | undefined): Promise<void> {
    // On a dead connection there is nothing left to undo; the transaction as a whole fails.
    if (this.lost !== undefined) return;
    if (mark !== undefined) {
      // Nothing of the work reached the server: its writes, if any, are queued behind the savepoint.
      if (keepsWrites(error)) this.pending.splice(mark, 1);
      else this.drop(mark);
      return;
    }
    if (keepsWrites(error)) {
      try {
        await this.query(`RELEASE SAVEPOINT ${name}`);
        return;
      } catch {
        // A statement inside failed, which aborts the savepoint: its writes cannot be kept.
      }
    }
    // Everything queued now was queued by the work after its savepoint went: it never leaves. The
    // rollback goes first in its write, so nothing that failed before it can be undone by it.
    this.drop(0);
    this.pending = [statement(`ROLLBACK TO SAVEPOINT ${name}`), statement(`RELEASE SAVEPOINT ${name}`)];
  }

  /** Forgets what is queued from `mark` on; whoever waits for one of those statements is told it never went. */
  private drop(mark: number): void {
    for (const queued of this.pending.splice(mark)) settle(queued, undefined);
  }

  /**
   * Sends the queued statements, and `last` after them, in one write, and hands each `soon`
   * statement its answer (in order, before the caller's) or the failure.
   */
  private async sendQueued<R extends QueryResultRow>(queued: Queued[], last?: Statement): Promise<QueryResult<R> | undefined> {
    let results: QueryResult[];
    try {
      results = await this.send(last === undefined ? queued : [...queued, last]);
    } catch (error) {
      for (const item of queued) settle(item, undefined, error);
      throw error;
    }
    for (const [i, item] of queued.entries()) settle(item, results[i]);
    return last === undefined ? undefined : (results[results.length - 1] as QueryResult<R>);
  }

  private take(): Queued[] {
    const queued = this.pending;
    this.pending = [];
    this.flushes++;
    this.begun = true;
    return queued;
  }

  /**
   * One round trip: the statements in one write, answered in order. Fails with the first statement
   * that failed; PostgreSQL skips the ones behind it.
   */
  private send(statements: readonly Statement[]): Promise<QueryResult[]> {
    if (statements.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      let write: Write;
      try {
        write = new Write(statements, this.names, this.parsed, (error, results) =>
          error ? reject(this.noteFailure(error)) : resolve(Array.isArray(results) ? results : [results]),
        );
      } catch (error) {
        // A parameter pg cannot serialize: nothing of the write went, the statements queued before it included.
        this.unsent ??= error;
        return reject(error);
      }
      this.metrics?.roundTrip();
      this.client.query(write);
    });
  }

  /** Keeps what a failed statement says about the connection and the transaction; returns it. */
  private noteFailure(error: unknown): unknown {
    if (isStalePlan(error)) this.stale = true;
    if (isConnectionError(error)) this.lost ??= error;
    // 25P02 only repeats that an earlier statement failed; keep the one that did.
    else if (errorCode(error) !== '25P02') this.failed = error;
    return error;
  }
}
