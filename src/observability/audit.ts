import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

/**
 * One change, as the audit trail keeps it: who asked (through which key or route), what, and how it
 * ended. Never a parameter value: codes, tokens and secrets travel in them.
 */
export type AuditEntry = {
  readonly requestId: string;
  /** 'ok', or the error Code (or the page's refusal) the caller got. */
  readonly outcome: string;
} & ({ readonly action: string } | { readonly route: string }) &
  Readonly<Record<string, string | number | boolean | null | undefined>>;

/** One info line per change, `{"audit": true, …}` with the message `audit`, to filter the log by. */
export function audit(log: Logger, entry: AuditEntry): void {
  log.info({ audit: true, ...entry }, 'audit');
}

/** RequestIds have the RPC API's form (an upper-case UUID) on every route, so one search finds any request. */
export const newRequestId = (): string => randomUUID().toUpperCase();
