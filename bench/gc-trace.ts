// `profile-row.ts --gc`: the garbage collections of the measured run, read from the server's
// `--trace-gc-nvp` lines on its stdout (one line per collection, `name=value` pairs). The log lines
// of the server share that stdout and are skipped. What to read in it: docs/development.md, "Memory"
// and "Hidden classes".
import { createInterface } from 'node:readline';
import type { Child } from './children.js';

interface Collection {
  readonly kind: string;
  readonly pauseMs: number;
  readonly promoted: number;
  readonly survived: number;
  readonly allocated: number;
}

export interface GcTrace {
  /** Counts from now on (the start of the measured run). */
  start(): void;
  summary(): string;
}

/** Reads `child`'s stdout (which must be piped) for the rest of its life. */
export function traceGc(child: Child): GcTrace {
  let counting = false;
  const seen: Collection[] = [];
  createInterface({ input: child.process.stdout! }).on('line', (line) => {
    if (!counting || !line.includes(' pause=')) return;
    const field = (name: string) => Number(new RegExp(` ${name}=([\\d.]+)`).exec(line)?.[1] ?? Number.NaN);
    seen.push({
      kind: / gc=(\w+)/.exec(line)?.[1] ?? '?',
      pauseMs: field('pause'),
      promoted: field('promoted'),
      survived: field('new_space_survived'),
      allocated: field('allocated'),
    });
  });
  return {
    start: () => {
      counting = true;
    },
    summary: () => summarize(seen),
  };
}

function summarize(all: readonly Collection[]): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const scavenges = all.filter((gc) => gc.kind === 's');
  const full = all.filter((gc) => gc.kind !== 's');
  const pauses = scavenges.map((gc) => gc.pauseMs);
  const total = pauses.reduce((sum, ms) => sum + ms, 0);
  return [
    'garbage collections over the measured run (node --trace-gc-nvp):',
    `  scavenges: ${scavenges.length}, pause mean ${mean(pauses).toFixed(2)} ms, max ${Math.max(0, ...pauses).toFixed(1)} ms, ${total.toFixed(0)} ms in all`,
    `  per scavenge: ${kb(mean(scavenges.map((gc) => gc.allocated)))} allocated since the last, ${kb(mean(scavenges.map((gc) => gc.survived)))} survived, ` +
      `${kb(mean(scavenges.map((gc) => gc.promoted)))} of them promoted to the old generation`,
    `  full collections (mark-compact): ${full.length}, pauses ${full.map((gc) => gc.pauseMs.toFixed(1)).join(' ') || '-'} ms`,
  ].join('\n');
}
