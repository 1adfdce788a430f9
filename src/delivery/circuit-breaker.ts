import type { CircuitPosition } from './metrics.js';

/**
 * Skips a sender that keeps failing: after `threshold` failures in a row it is left out for
 * `cooldownMs`, then one message may try it again (half-open); a success closes it.
 */
export class CircuitBreaker {
  private readonly state = new Map<string, { failures: number; openedAt: number | undefined }>();

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  allow(name: string): boolean {
    const entry = this.state.get(name);
    if (!entry || entry.openedAt === undefined) return true;
    if (this.now() - entry.openedAt < this.cooldownMs) return false;
    // Half-open: this caller tries; the others wait for its result or another cooldown.
    entry.openedAt = this.now();
    return true;
  }

  success(name: string): void {
    this.state.delete(name);
  }

  failure(name: string): void {
    const entry = this.state.get(name) ?? { failures: 0, openedAt: undefined };
    entry.failures++;
    if (entry.failures >= this.threshold) entry.openedAt = this.now();
    this.state.set(name, entry);
  }

  isOpen(name: string): boolean {
    return this.position(name) === 'open';
  }

  /** Where the circuit stands now, for the metrics. */
  position(name: string): CircuitPosition {
    const openedAt = this.state.get(name)?.openedAt;
    if (openedAt === undefined) return 'closed';
    return this.now() - openedAt < this.cooldownMs ? 'open' : 'half-open';
  }
}
