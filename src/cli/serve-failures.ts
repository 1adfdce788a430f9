import cluster from 'node:cluster';
import type { Config } from '../config/config.js';
import { CliError, EXIT } from './exit.js';

/** A listen that fails because the port is taken (or, below 1024, not allowed): one line, exit 5. */
export function listenFailure(error: unknown, config: Config): CliError | undefined {
  const code = (error as { code?: string } | null)?.code;
  const where = `port ${config.port} on ${config.host}`;
  if (code === 'EADDRINUSE')
    return new CliError(`${where} is in use (another canopy serve?); choose another with --port or PORT`, EXIT.portInUse);
  if (code === 'EACCES') return new CliError(`${where} may not be opened by this user; choose a port above 1023`, EXIT.portInUse);
  if (code === 'EADDRNOTAVAIL') return new CliError(`${config.host} is not an address of this machine; fix --host or HOST`, EXIT.usage);
  return undefined;
}

/** CANOPY_TLS_CERT or CANOPY_TLS_KEY names a file that cannot be read: a configuration error. */
export function tlsFailure(error: unknown, config: Config): CliError | undefined {
  if (!config.tls) return undefined;
  const { code, path } = (error ?? {}) as { code?: string; path?: string };
  const variable = path === config.tls.certFile ? 'CANOPY_TLS_CERT' : path === config.tls.keyFile ? 'CANOPY_TLS_KEY' : undefined;
  if (variable && code) return new CliError(`${variable}: cannot read ${path} (${code})`, EXIT.usage);
  // Readable, but OpenSSL cannot use them: not PEM, a key that does not belong to the certificate.
  if (code?.startsWith('ERR_OSSL_') || (error as Error | null)?.message?.startsWith('error:')) {
    const reason = (error as Error).message.replace(/^error:[0-9A-F]*:/, '').trim();
    return new CliError(`CANOPY_TLS_CERT and CANOPY_TLS_KEY: not a usable PEM certificate and key (${reason})`, EXIT.usage);
  }
  return undefined;
}

/** What a worker that cannot start tells its primary, which says it once and stops rather than forking another. */
export interface WorkerFatal {
  readonly canopyFatal: string;
  readonly exitCode: number;
}

export const isWorkerFatal = (message: unknown): message is WorkerFatal =>
  typeof (message as WorkerFatal | null)?.canopyFatal === 'string' && typeof (message as WorkerFatal).exitCode === 'number';

/** In a worker, hands an expected failure to the primary (one line for N workers); false in any other process. */
export async function reportToPrimary(error: CliError): Promise<boolean> {
  if (!cluster.isWorker || !process.send) return false;
  const message: WorkerFatal = { canopyFatal: error.message, exitCode: error.exitCode };
  await new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
  return true;
}

/** The start line: where it listens, in which mode on which store, where codes arrive, how to stop. */
export function startBanner(url: string, config: Config, store: string): string {
  const where = config.store.kind === 'sqlite' ? ` ${config.store.path}` : '';
  return `canopy listening on ${url} (${config.mode} mode, ${store} store${where}); inbox: canopy inbox or ${url}/_canopy/messages; stop with Ctrl-C or SIGTERM`;
}
