import type { Command } from 'commander';
import { adminExchange, NotAdminApi } from '../embedded/admin-client.js';
import { CliError, EXIT, unreachable } from './exit.js';

/** Small client for the admin API, used by the CLI commands that talk to a running server. */
export interface AdminTarget {
  readonly url: string;
  readonly token: string | undefined;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export function addUrlOption(command: Command): Command {
  return command.option('--url <url>', `server URL (default $CANOPY_URL or ${DEFAULT_URL})`);
}

export function adminTarget(options: { url?: string }): AdminTarget {
  return {
    url: serverUrl(options.url).replace(/\/+$/, ''),
    token: process.env['CANOPY_ADMIN_TOKEN'] || undefined,
  };
}

export function serverUrl(option: string | undefined): string {
  const url = option || process.env['CANOPY_URL'] || DEFAULT_URL;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new CliError(`--url: not an http(s) URL: ${url}`, EXIT.usage);
  return url;
}

/** Sends one admin call; an answer other than 2xx, or no answer, is a CliError with one line to show. */
export async function adminRequest(target: AdminTarget, method: string, path: string, body?: unknown): Promise<unknown> {
  let exchange: Awaited<ReturnType<typeof adminExchange>>;
  try {
    exchange = await adminExchange(target.url, target.token, method, path, body);
  } catch (error) {
    // Not the admin API (another program on the port, a proxy page): say what answered.
    if (error instanceof NotAdminApi) throw new CliError(`${error.message}; is this a Canopy server?`, EXIT.refused);
    throw unreachable(target.url, error);
  }
  const { status, ok } = exchange;
  const parsed = (exchange.answer ?? {}) as { message?: string; code?: string; reason?: string };
  if (!ok) throw new CliError(`${method} ${path} answered ${status}: ${explain(status, target, parsed)}`, EXIT.refused);
  return parsed;
}

function explain(status: number, target: AdminTarget, body: { message?: string; code?: string; reason?: string }): string {
  const message = body.message ?? body.reason ?? body.code ?? 'no message';
  if (status === 401) {
    return `${message}; ${target.token ? 'CANOPY_ADMIN_TOKEN is not the token the server has' : "set CANOPY_ADMIN_TOKEN to the server's admin token"}`;
  }
  return message;
}
