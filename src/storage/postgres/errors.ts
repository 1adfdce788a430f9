import { CommitOutcomeUnknown, StoreUnavailable } from '../../domain/store.js';

/** What pg and Node put on the errors we look at. */
interface PgLikeError {
  readonly code?: unknown;
  readonly message?: unknown;
}

export const errorCode = (error: unknown): string | undefined => {
  const code = (error as PgLikeError | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

const errorMessage = (error: unknown): string => {
  const message = (error as PgLikeError | null)?.message;
  return typeof message === 'string' ? message : '';
};

/** Socket errors Node reports when the server is not there, went away or cannot be routed to. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs after which the session is gone or the server takes no work: class 08 (connection
 * exception), 57P01..57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many
 * connections).
 */
const lostStates = new Set(['57P01', '57P02', '57P03', '53300']);

/** Messages pg itself raises (no code) when the socket died, a timeout fired or the client is unusable. */
const clientMessages = [/^Connection terminated/, /timeout exceeded when trying to connect/, /^Query read timeout/, /is not queryable/];

/**
 * True when the connection (or the server) is gone, or a client-side timeout left the connection
 * in an unknown state: such a client must be discarded, never returned to the pool.
 */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof StoreUnavailable) return true;
  const code = errorCode(error);
  if (code !== undefined && (socketCodes.has(code) || code.startsWith('08') || lostStates.has(code))) return true;
  return clientMessages.some((pattern) => pattern.test(errorMessage(error)));
}

/** A timeout fired: the server is slow or stuck, so running the work again at once would not help. */
export const isTimeout = (error: unknown): boolean =>
  errorCode(error) === '57014' || /timeout/i.test(errorMessage(error)) || errorCode(error) === 'ETIMEDOUT';

/** 57014 is what statement_timeout raises: the session survives, but the store could not do the work in time. */
const isUnavailable = (error: unknown): boolean => isConnectionError(error) || errorCode(error) === '57014';

/**
 * Conflicts another transaction caused. Running the whole unit of work again, in a fresh transaction,
 * either succeeds or lets the domain's own checks see the committed row and answer properly.
 * 40001 serialization_failure, 40P01 deadlock_detected, 23505 unique_violation, 23503 foreign_key_violation.
 */
const conflictStates = new Set(['40001', '40P01', '23505', '23503']);

export const isConflict = (error: unknown): boolean => conflictStates.has(errorCode(error) ?? '') || isStalePlan(error);

/**
 * A prepared statement of this connection reads a table whose columns another process changed
 * meanwhile (a migration during a rolling upgrade): PostgreSQL refuses to run it again. The client
 * is discarded (its prepared statements with it) and the work runs again on another.
 */
export const isStalePlan = (error: unknown): boolean =>
  errorCode(error) === '0A000' && /cached plan must not change result type/.test(errorMessage(error));

/**
 * The connection broke while a transaction was open, before COMMIT was sent: the server has rolled
 * the transaction back, so running the work again is safe (unless it was a timeout: see isTimeout).
 */
export class ConnectionLost extends StoreUnavailable {
  readonly retriable: boolean;
  constructor(cause: unknown) {
    super(`the PostgreSQL connection was lost: ${describeCause(cause)}`, cause);
    this.retriable = !isTimeout(cause);
  }
}

/** The connection broke during COMMIT: nobody knows whether it took, so the work is not run again. */
export const lostDuringCommit = (cause: unknown): CommitOutcomeUnknown =>
  new CommitOutcomeUnknown(`the PostgreSQL connection was lost during COMMIT: ${describeCause(cause)}`, cause);

const describeCause = (cause: unknown): string => errorMessage(cause) || String(errorCode(cause));

/** Wraps connection-level failures in StoreUnavailable (answered as 503); anything else passes through. */
export function classify(error: unknown): unknown {
  if (error instanceof StoreUnavailable || !isUnavailable(error)) return error;
  return new StoreUnavailable(`PostgreSQL is unavailable: ${describeCause(error)}`, error);
}

/** Errors that carry `keepWrites: true` ask the store to commit what the work wrote before failing. */
export const keepsWrites = (error: unknown): boolean => Boolean((error as { keepWrites?: unknown } | null)?.keepWrites);
