import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { StoreUnavailable } from '../../domain/store.js';
import { ConnectionLost, classify, isConflict, isConnectionError, keepsWrites, lostDuringCommit } from './errors.js';
import type { StoreMetrics } from '../store.js';
import type { ConnectionGate } from './gate.js';

/** What the stores of one transaction use: its statements and its savepoints. */
export interface TxContext {
  query<R extends QueryResultRow = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>>;
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}

/** Attempts per unit of work, counting the first. */
const MAX_ATTEMPTS = 5;
/** A few milliseconds, growing, with jitter so that transactions that collided do not collide again. */
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 2 ** attempt + Math.random() * 4 * attempt));

/** One transaction on one pooled client. */
class Session implements TxContext {
  /** Savepoint nesting depth, per transaction: many transactions run side by side on PostgreSQL. */
  private depth = 0;
  /** The first connection-level failure: once set, nothing more is sent and the client is discarded. */
  lost: unknown;
  /** The latest failed statement, which explains a COMMIT that PostgreSQL answers with ROLLBACK. */
  private failed: unknown;
  /** True once COMMIT or ROLLBACK returned: only then is the client idle and fit to go back to the pool. */
  clean = false;
  /** A conflict with another transaction that a savepoint's caller caught (the RPC pipeline catches every action error). */
  conflict: unknown;

  constructor(
    private readonly client: PoolClient,
    private readonly metrics?: StoreMetrics,
  ) {}

  /** A checked-out client has no listener of the pool's: without this one a dying socket would crash the process. */
  readonly onError = (error: Error): void => {
    this.lost ??= error;
  };

  async query<R extends QueryResultRow>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>> {
    if (this.lost !== undefined) throw this.lost;
    this.metrics?.roundTrip();
    try {
      return await this.client.query<R>(text, values as unknown[] | undefined);
    } catch (error) {
      if (isConnectionError(error)) this.lost ??= error;
      // 25P02 only repeats that an earlier statement failed; keep the one that did.
      else if ((error as { code?: string }).code !== '25P02') this.failed = error;
      throw error;
    }
  }

  async end(command: 'COMMIT' | 'ROLLBACK'): Promise<QueryResult> {
    const result = await this.query(command);
    this.clean = true;
    return result;
  }

  abortCause(): unknown {
    return this.failed ?? new Error('PostgreSQL rolled the transaction back at COMMIT');
  }

  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const name = `sp${++this.depth}`;
    try {
      await this.query(`SAVEPOINT ${name}`);
      let result: T;
      try {
        result = await work();
      } catch (error) {
        if (isConflict(error)) this.conflict ??= error;
        await this.undo(name, error);
        throw error;
      }
      try {
        await this.query(`RELEASE SAVEPOINT ${name}`);
      } catch (error) {
        // The work swallowed a failed statement, so PostgreSQL refuses to keep the savepoint.
        await this.undo(name, error);
        throw this.lost ?? this.abortCause();
      }
      return result;
    } finally {
      this.depth--;
    }
  }

  /** Ends a savepoint whose work threw: keeps its writes if the error asks to (and PostgreSQL can), else undoes them. */
  private async undo(name: string, error: unknown): Promise<void> {
    // On a dead connection there is nothing left to undo; the transaction as a whole fails.
    if (this.lost !== undefined) return;
    if (keepsWrites(error)) {
      try {
        await this.query(`RELEASE SAVEPOINT ${name}`);
        return;
      } catch {
        // A statement inside failed, which aborts the savepoint: its writes cannot be kept.
      }
    }
    try {
      await this.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.query(`RELEASE SAVEPOINT ${name}`);
    } catch {
      // Lost connection or aborted transaction: the next statement or COMMIT reports it.
    }
  }
}

/**
 * Runs units of work in READ COMMITTED transactions on a pool, with the same keepWrites and
 * savepoint semantics as SQLite's group commit. The invariants do not rely on the isolation level:
 * each is one conditional statement (an upsert with a WHERE, an UPDATE ... WHERE, a unique key)
 * whose row count tells the caller whether it took.
 */
export class Transactor {
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;
  private ended: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly gate: ConnectionGate,
    private readonly metrics?: StoreMetrics,
  ) {}

  run<T>(work: (ctx: TxContext) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new StoreUnavailable('the PostgreSQL store is closed'));
    const running = this.withRetries(work);
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return running;
  }

  /** Waits for the work already started, then closes every connection. Safe to call twice. */
  close(): Promise<void> {
    this.closing = true;
    this.ended ??= Promise.allSettled([...this.inFlight]).then(() => this.pool.end());
    return this.ended;
  }

  /**
   * Conflicts with other transactions (possibly on other instances) and connections lost before
   * COMMIT are retried on a fresh transaction; everything else, and the last failure, is thrown with
   * connection-level failures as StoreUnavailable.
   */
  private async withRetries<T>(work: (ctx: TxContext) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(work, attempt === MAX_ATTEMPTS);
      } catch (error) {
        const conflict = isConflict(error);
        const again = conflict || (error instanceof ConnectionLost && error.retriable);
        if (!again || attempt >= MAX_ATTEMPTS) throw classify(error);
        this.metrics?.retried(conflict ? 'conflict' : 'connection');
        await backoff(attempt);
      }
    }
  }

  private async attempt<T>(work: (ctx: TxContext) => Promise<T>, last: boolean): Promise<T> {
    // Not retried when it fails: with the server down, every attempt would wait out the timeouts again.
    const release = await this.gate.acquire();
    try {
      let client: PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw classify(error);
      }
      const session = new Session(client, this.metrics);
      client.on('error', session.onError);
      try {
        return await this.runIn(session, work, last);
      } finally {
        client.off('error', session.onError);
        // A client whose connection failed, or that is not back at idle, is discarded, never reused.
        client.release(session.clean ? undefined : ((session.lost as Error | undefined) ?? new Error('transaction left unfinished')));
      }
    } finally {
      release();
    }
  }

  private async runIn<T>(session: Session, work: (ctx: TxContext) => Promise<T>, last: boolean): Promise<T> {
    try {
      await session.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    } catch (error) {
      throw session.lost !== undefined ? new ConnectionLost(session.lost) : error;
    }
    let value: T;
    try {
      value = await work(session);
    } catch (error) {
      if (session.lost !== undefined) throw new ConnectionLost(session.lost);
      await this.retryConflict(session, last);
      if (keepsWrites(error)) {
        await this.commit(session);
      } else {
        // Should ROLLBACK fail, the client is discarded and the server drops the transaction with it.
        await session.end('ROLLBACK').catch(() => undefined);
      }
      throw error;
    }
    // The work may have caught a failure of the connection (the RPC pipeline catches its action's errors).
    if (session.lost !== undefined) throw new ConnectionLost(session.lost);
    await this.retryConflict(session, last);
    await this.commit(session);
    return value;
  }

  /**
   * A savepoint hit a conflict and its caller went on: what the work read before is stale (another
   * transaction committed the row it checked for). While attempts remain, undo everything and run
   * the work again, so its own checks see that row and give their proper answer; the last attempt
   * keeps what the work decided.
   */
  private async retryConflict(session: Session, last: boolean): Promise<void> {
    if (session.conflict === undefined || last) return;
    await session.end('ROLLBACK').catch(() => undefined);
    throw session.conflict;
  }

  private async commit(session: Session): Promise<void> {
    let result: QueryResult;
    try {
      result = await session.end('COMMIT');
    } catch (error) {
      // COMMIT may have reached the server and taken effect before the connection went: say so.
      throw session.lost !== undefined ? lostDuringCommit(session.lost) : error;
    }
    // A statement failed and the work went on without rolling back to a savepoint: PostgreSQL kept
    // nothing. Say why instead of pretending the commit happened.
    if (result.command === 'ROLLBACK') throw session.abortCause();
  }
}
