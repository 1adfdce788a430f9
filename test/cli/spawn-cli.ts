import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Killed by the timeout: the command did not end by itself. */
  readonly killed: boolean;
}

/** Runs the CLI as a user would, stdout and stderr piped (not a terminal). */
export function canopy(args: string[], env: Record<string, string> = {}, timeout = 30_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { env: { ...process.env, LOG_LEVEL: 'silent', NO_COLOR: '', ...env }, timeout },
      (error, stdout, stderr) => {
        const failure = error as { code?: number; killed?: boolean } | null;
        resolve({
          code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
          stdout,
          stderr,
          killed: !!failure?.killed,
        });
      },
    );
  });
}

/** One line on stderr, and no stack trace. */
export function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  if (lines.length !== 1 || /^\s+at /m.test(stderr)) throw new Error(`expected one line on stderr, got:\n${stderr}`);
  return lines[0]!;
}
