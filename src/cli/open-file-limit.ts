import { readFileSync } from 'node:fs';

/**
 * File descriptors a process needs besides its client connections: the store (SQLite's three files,
 * or the PostgreSQL pool), connections to SMS and email providers, logs, Node's own.
 */
const RESERVE = 64;

/** The soft limit on open files (`ulimit -n`), read from /proc on Linux; undefined where unknown. */
export function openFileLimit(read: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number | undefined {
  try {
    const soft = /^Max open files\s+(\d+)/m.exec(read())?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}

/**
 * Why CANOPY_MAX_CONNECTIONS cannot protect this process, or undefined: above the open-file limit
 * (less a reserve), slow clients exhaust the descriptors before the cap refuses them, and the store and
 * the providers fail along with every client.
 */
export function connectionCapProblem(maxConnections: number, limit: number | undefined, poolSize = 0): string | undefined {
  if (limit === undefined) return undefined;
  const room = limit - RESERVE - poolSize;
  if (maxConnections <= room) return undefined;
  return `CANOPY_MAX_CONNECTIONS (${maxConnections}) leaves too few of the ${limit} open files (ulimit -n) for the store and the providers; set it to at most ${Math.max(1, room)} or raise the limit`;
}
