import type { DestinationStream } from 'pino';

/**
 * Log lines for a person at a terminal: `time LEVEL message key=value …` from pino's JSON line.
 * A line that is not JSON passes as it is. Only what pino was given is shown (the logs already
 * leave secrets out); pid and hostname, the same on every line, are not.
 */
const LEVELS: Readonly<Record<number, readonly [string, number]>> = {
  10: ['TRACE', 90],
  20: ['DEBUG', 90],
  30: ['INFO', 32],
  40: ['WARN', 33],
  50: ['ERROR', 31],
  60: ['FATAL', 35],
};
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

export function formatLogLine(line: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const [name, code] = LEVELS[entry['level'] as number] ?? [String(entry['level']), 0];
  const level = color && code ? `\x1b[${code}m${name.padEnd(5)}\x1b[39m` : name.padEnd(5);
  const time = typeof entry['time'] === 'number' ? new Date(entry['time']).toISOString() : String(entry['time'] ?? '');
  const message = String(entry['msg'] ?? '');
  const fields = Object.entries(entry)
    // A value the message already says (the start line's URL) is not said twice.
    .filter(([key, value]) => !HIDDEN.has(key) && !(typeof value === 'string' && message.includes(value)))
    .map(([key, value]) => `${key}=${fieldValue(value)}`);
  const text = [time, level, message, ...fields].filter((part) => part !== '').join(' ');
  const stack = (entry['err'] as { stack?: string } | undefined)?.stack;
  return `${text}\n${stack ? `${stack.replace(/^/gm, '    ')}\n` : ''}`;
}

function fieldValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) || value === '' ? JSON.stringify(value) : value;
  if (value !== null && typeof value === 'object' && 'message' in value) return JSON.stringify((value as { message: unknown }).message);
  return JSON.stringify(value);
}

/** A pino destination that writes formatted lines to `out` (a terminal). */
export function prettyDestination(out: NodeJS.WritableStream, color: boolean): DestinationStream {
  return { write: (line: string) => void out.write(formatLogLine(line, color)) };
}

/** Formatted lines on a terminal unless logging is off; JSON for a pipe, a file, a log collector. */
export function logFormat(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): { pretty: boolean; color: boolean } {
  return { pretty: isTTY, color: isTTY && !env['NO_COLOR'] };
}
