import { setFlagsFromString } from 'node:v8';

/**
 * How much V8 lets the old generation grow past what survived the last full collection, in percent.
 * V8 picks 10 to 300 % from its own speed estimates; under the bench's load it picked the high end
 * and the old generation swelled to 70-80 MB of mostly garbage over a live heap of about 20 MB, the
 * largest part of the server's peak RSS (docs/development.md, "Profiling"). At 10 % (V8's own lower
 * bound) it stays near 30 MB; full collections come more often and are small, the live heap being small.
 */
export const HEAP_GROWING_PERCENT = 10;

/**
 * By how much the young generation grows when V8 finds that most of it survives, from its first size
 * of 1 MB up to its maximum of 16 MB (V8's default: 2). A start builds objects that live as long as
 * the process, so the young generation grew four times in five scavenges before the first request,
 * copying the same objects again at each; at 16 it grows once, and a start takes two or three
 * scavenges, about 6 ms of collection and 10 ms of CPU less (docs/development.md, "Profiling"). Under
 * load the young generation is at its maximum either way, so the peak RSS is the same.
 */
export const SEMI_SPACE_GROWTH_FACTOR = 16;

/**
 * The V8 flags a Canopy process sets for itself, but not one given on node's command line (or in
 * NODE_OPTIONS): `node --heap-growing-percent=0` gives V8 its own choice back. Of the heap flags,
 * these two V8 reads when it needs them, so they work when set after start; the young generation's
 * size limits, by contrast, are fixed when V8 starts (--max-semi-space-size).
 */
export function heapFlags(execArgv: readonly string[]): string[] {
  const given = (flag: string) => execArgv.some((arg) => new RegExp(`^--${flag.replaceAll('-', '[-_]')}(=|$)`).test(arg));
  return [
    ...(given('heap-growing-percent') ? [] : [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]),
    ...(given('semi-space-growth-factor') ? [] : [`--semi-space-growth-factor=${SEMI_SPACE_GROWTH_FACTOR}`]),
  ];
}

/** Sets heapFlags for this process. */
export function tuneHeap(execArgv: readonly string[] = process.execArgv): void {
  for (const flag of heapFlags(execArgv)) setFlagsFromString(flag);
}
