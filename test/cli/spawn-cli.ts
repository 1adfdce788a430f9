import { execFile } from 'node:child_process';
import { cliCommand } from '../helpers/cli-command.js';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Killed by the timeout: the command did not end by itself. */
  readonly killed: boolean;
}

/** Runs the CLI as a user would, stdout and stderr piped (not a terminal); stopped with SIGTERM after `timeout` ms. */
export function canopy(args: string[], env: Record<string, string> = {}, timeout = 30_000): Promise<CliResult> {
  return new Promise((resolve) => {
    let killed = false;
    const child = execFile(
      process.execPath,
      [...cliCommand(), ...args],
      { env: { ...process.env, LOG_LEVEL: 'silent', NO_COLOR: '', ...env } },
      (error, stdout, stderr) => {
        clearTimeout(timer);
        const failure = error as { code?: number } | null;
        resolve({ code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0, stdout, stderr, killed });
      },
    );
    // Its own timer, not execFile's: a server stopped by SIGTERM may exit 0, which would hide that it was stopped.
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGTERM');
    }, timeout);
  });
}

/** One line on stderr, and no stack trace. */
export function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  if (lines.length !== 1 || /^\s+at /m.test(stderr)) throw new Error(`expected one line on stderr, got:\n${stderr}`);
  return lines[0]!;
}
