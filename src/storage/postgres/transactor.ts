import type { Pool, PoolClient, QueryResult } from 'pg';
import { StoreUnavailable } from '../../domain/store.js';
import { ConnectionLost, classify, errorCode, isConflict, keepsWrites, lostDuringCommit } from './errors.js';
import type { StoreMetrics } from '../store.js';
import type { ConnectionGate } from './gate.js';
import { Session, type TxContext } from './tx-session.js';
import { StatementNames } from './write.js';

export type { TxContext } from './tx-session.js';

/** Attempts per unit of work, counting the first. */
const MAX_ATTEMPTS = 5;
/** A few milliseconds, growing, with jitter so that transactions that collided do not collide again. */
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 2 ** attempt + Math.random() * 4 * attempt));

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
  private readonly names = new StatementNames();
  /**
   * Bumped when a connection finds its prepared statements stale (a migration changed a table they
   * read): every connection holds the same statements, so the ones prepared before are retired
   * instead of being tried one after another, more of them than a unit of work has attempts.
   */
  private generation = 0;
  private readonly preparedIn = new WeakMap<PoolClient, number>();

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
      const client = await this.connect();
      const session = new Session(client, this.names, this.metrics);
      client.on('error', session.onError);
      try {
        return await this.runIn(session, work, last);
      } finally {
        client.off('error', session.onError);
        // A client whose connection failed, or that is not back at idle, is discarded, never reused.
        // A stale prepared statement goes with its connection.
        if (session.stale && this.preparedIn.get(client) === this.generation) this.generation++;
        const unfit = session.stale ? new Error('a prepared statement went stale') : undefined;
        client.release(
          session.clean && !unfit ? undefined : ((session.lost as Error | undefined) ?? unfit ?? new Error('transaction left unfinished')),
        );
      }
    } finally {
      release();
    }
  }

  /** A pooled client whose statements are of the current generation (a new connection has none yet). */
  private async connect(): Promise<PoolClient> {
    for (;;) {
      let client: PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw classify(error);
      }
      const generation = this.preparedIn.get(client);
      if (generation === undefined) this.preparedIn.set(client, this.generation);
      if (generation === undefined || generation === this.generation) return client;
      client.release(new Error('its prepared statements predate a change of the schema'));
    }
  }

  private async runIn<T>(session: Session, work: (ctx: TxContext) => Promise<T>, last: boolean): Promise<T> {
    // BEGIN is queued by the session and goes with the first statement.
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
    for (const hook of session.afterCommit.take()) hook();
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
    let result: QueryResult | undefined;
    try {
      result = await session.end('COMMIT');
    } catch (error) {
      // COMMIT may have reached the server and taken effect before the connection went: say so.
      if (session.lost !== undefined) throw lostDuringCommit(session.lost);
      // A statement queued to go with COMMIT failed, so COMMIT never ran: end the transaction, so
      // the client can go back to the pool. 25P02: a statement the work swallowed had failed before.
      await session.end('ROLLBACK').catch(() => undefined);
      throw errorCode(error) === '25P02' ? session.abortCause() : error;
    }
    // A statement failed and the work went on without rolling back to a savepoint: PostgreSQL kept
    // nothing. Say why instead of pretending the commit happened.
    if (result?.command === 'ROLLBACK') throw session.abortCause();
  }
}
