/**
 * The CLI's exit codes (README, CLI section). An expected failure ends the command with one line on
 * stderr and one of these; only a bug (exit 1) prints a stack trace.
 */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  /** A bad option or argument, or a configuration the process refuses (ConfigError, a TLS file it cannot read, a store sealed under another secret). */
  usage: 2,
  /** The server, or the store (PostgreSQL), cannot be reached, or its certificate is not trusted. */
  unreachable: 3,
  /** The server answered with an error: a wrong admin token, an invalid value, an API error response. */
  refused: 4,
  /** The port to listen on is taken (or not allowed). */
  portInUse: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An expected failure: its message is the one line the user sees. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** Certificate errors of Node's TLS client: the server's chain is not one Node trusts. */
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** What `fetch` throwing means for the user: the server is down, the name does not resolve, or its certificate is not trusted. */
export function unreachable(url: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  if (UNTRUSTED.has(code)) {
    return new CliError(
      `${url}: the server's certificate is not trusted (${code}); for a self-signed or private CA set NODE_EXTRA_CA_CERTS=<ca.pem>`,
      EXIT.unreachable,
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new CliError(`${url}: the server's certificate is not valid for it (${code})`, EXIT.unreachable);
  }
  if (code === 'ECONNREFUSED')
    return new CliError(`cannot reach ${url}: nothing listens there; is \`canopy serve\` running?`, EXIT.unreachable);
  const reason = code || cause?.message || (error as Error).message;
  return new CliError(`cannot reach ${url} (${reason}); is \`canopy serve\` running and the URL right?`, EXIT.unreachable);
}
