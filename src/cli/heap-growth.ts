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
 * Sets it for this process unless `node --heap-growing-percent=N` was given (0: V8's choice). Of the
 * heap flags, this one V8 reads at every collection, so it works when set after start; the young
 * generation's size, by contrast, is fixed when V8 starts (--max-semi-space-size, on node's command
 * line or in NODE_OPTIONS).
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
