import { describe, type ErrorCode, type ErrorSite } from './catalog.js';

export interface ApiErrorOptions {
  /** Values for the `%s` placeholders of the catalog message, in order. */
  args?: readonly (string | number)[];
  /**
   * Keep the writes made before the failure. A wrong verification code must still count as a try
   * even though the request fails; every other failure rolls its writes back.
   */
  keepWrites?: boolean;
  /** Milliseconds a client should wait before retrying (sent as `x-acs-retry-after`). */
  retryAfterMs?: number;
  /** Internal cause: logged with the RequestId, never sent to the client. */
  cause?: unknown;
  /**
   * Why an authorization check refused the request, answered beside Code and Message as
   * `AccessDeniedDetail` (the SDKs expose it as `err.accessDeniedDetail`).
   */
  accessDeniedDetail?: Readonly<Record<string, string>>;
}

/**
 * An error the client sees: a catalog code, its status and its (filled) message. Status and message
 * are the code's defaults; `at` gives them where the request was answered, since the API documents a
 * few codes with another message for some Actions.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly keepWrites: boolean;
  readonly retryAfterMs: number | undefined;
  readonly args: readonly (string | number)[];
  readonly accessDeniedDetail: Readonly<Record<string, string>> | undefined;

  constructor(code: ErrorCode, options: ApiErrorOptions = {}) {
    const entry = describe(code);
    super(fill(entry.message, options.args ?? []), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = entry.status;
    this.keepWrites = options.keepWrites ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.args = options.args ?? [];
    this.accessDeniedDetail = options.accessDeniedDetail;
  }

  /** Status and filled message as answered for this version and Action. */
  at(site: ErrorSite): { status: number; message: string } {
    const entry = describe(this.code, site);
    return { status: entry.status, message: fill(entry.message, this.args) };
  }
}

function fill(template: string, args: readonly (string | number)[]): string {
  let index = 0;
  return template.replace(/%s/g, () => String(args[index++] ?? ''));
}

export const missingParameter = (name: string) => new ApiError('MissingParameter', { args: [name] });
export const invalidParameter = (name: string) => new ApiError('InvalidParameter', { args: [name] });
