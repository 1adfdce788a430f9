import { StoreUnavailable } from '../domain/store.js';
import { CliError, EXIT } from './exit.js';

/**
 * What a PostgreSQL failure at a one-shot command (migrate, rotate-secret) means for the user, in one
 * line; `undefined` for anything else. The URL is named by host and database only, never its password.
 */
export function storeFailure(error: unknown, url: string): CliError | undefined {
  const where = describeUrl(url);
  if (error instanceof StoreUnavailable) {
    return new CliError(
      `cannot reach PostgreSQL at ${where}: ${error.message.replace(/^PostgreSQL is unavailable: /, '')}`,
      EXIT.unreachable,
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '3D000')
    return new CliError(`PostgreSQL at ${where}: ${(error as Error).message}; create it or fix DATABASE_URL`, EXIT.unreachable);
  if (code === '28P01' || code === '28000') {
    return new CliError(`PostgreSQL at ${where} refused the login: ${(error as Error).message}; check DATABASE_URL`, EXIT.usage);
  }
  return undefined;
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}
