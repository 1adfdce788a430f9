import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import { API_VERSIONS } from '../../src/actions/action.js';
import { signV3 } from '../../src/protocol/sign-request.js';
import { cliCommand } from '../helpers/cli-command.js';
import { freePort } from '../helpers/free-port.js';

/** The repository root, the child's working directory. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface HttpResult {
  readonly status: number;
  readonly body: any;
}

/**
 * One HTTP exchange on a connection of its own (no keep-alive pool, so nothing is reused across a
 * killed server). Rejects when the connection fails or is cut before the full response arrives.
 * With `tls`, HTTPS trusting `tls.ca` (a server started with CANOPY_TLS_CERT).
 */
export function http(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
  tls?: { readonly ca: Buffer },
): Promise<HttpResult> {
  const request = tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false, ca: tls?.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
      res.on('end', () => {
        if (!res.complete) return reject(new Error('response cut short'));
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error('request timed out')));
    req.end(body);
  });
}

export function admin(port: number, method: string, path: string, body?: unknown): Promise<HttpResult> {
  const json = body === undefined ? undefined : JSON.stringify(body);
  return http(port, method, path, json === undefined ? {} : { 'content-type': 'application/json' }, json);
}

export interface Caller {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/** A V3-signed RPC call, as the official SDK sends it: parameters in the query, empty POST body. */
export function rpc(port: number, caller: Caller, action: string, params: Record<string, string> = {}): Promise<HttpResult> {
  const { path, headers } = signV3({
    host: `127.0.0.1:${port}`,
    action,
    version: API_VERSIONS[0],
    params,
    accessKeyId: caller.accessKeyId,
    accessKeySecret: caller.accessKeySecret,
  });
  return http(port, 'POST', path, headers);
}

export interface ServerProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** What the child wrote to stdout and stderr (the tail), for failure messages. */
  output(): string;
  /** SIGKILL, and resolves once the child is gone. Safe to call on a dead child. */
  kill(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Kills every server this module started that is still running. For `after` hooks. */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((child) => killChild(child)));
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    live.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
    child.kill('SIGKILL');
  });
}

/**
 * Starts `canopy serve` as a child process on a free port with its data in `dataDir`, and resolves
 * once GET /_canopy/health answers.
 */
export async function startServer(
  dataDir: string,
  extraEnv: Record<string, string> = {},
  extraArgs: string[] = [],
): Promise<ServerProcess> {
  // The free port can be taken by another test's server before this child binds it: the child then
  // exits with EADDRINUSE, and another port is tried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(dataDir, extraEnv, extraArgs);
    } catch (error) {
      if (attempt === 3 || !(error instanceof PortTaken)) throw error;
    }
  }
}

class PortTaken extends Error {}

async function startOnFreePort(dataDir: string, extraEnv: Record<string, string>, extraArgs: string[]): Promise<ServerProcess> {
  const port = await freePort();
  // Tells this child's answers from those of another server that took the port first.
  const hostId = extraEnv['CANOPY_HOST_ID'] ?? `canopy-test-${randomUUID()}`;
  // Nothing from the outer environment configures this server except what is set here.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('CANOPY_') && !['PORT', 'HOST', 'DATABASE_URL', 'LOG_LEVEL'].includes(key),
    ),
  );
  const child = spawn(process.execPath, [...cliCommand(), 'serve', ...extraArgs], {
    cwd: ROOT,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      CANOPY_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CANOPY_MODE: 'emulator',
      CANOPY_HOST_ID: hostId,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const server: ServerProcess = { port, child, output: () => output, kill: () => killChild(child) };

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const Failure = output.includes('EADDRINUSE') ? PortTaken : Error;
      throw new Failure(`canopy exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output}`);
    }
    try {
      const health = await http(port, 'GET', '/_canopy/health');
      // An unsigned request is answered in the error envelope, whose HostId says which server answered.
      if (health.status === 200 && health.body?.status === 'ok' && (await http(port, 'GET', '/')).body?.HostId === hostId) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`canopy did not become healthy within 20 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
