/** Where domain time comes from. Tests and the emulator move it; protocol checks use real time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Real time plus an offset that only grows. The emulator's `POST /_canopy/clock` moves it so that
 * codes expire and quota days roll over without waiting.
 */
export class OffsetClock implements Clock {
  #offsetMs: number;

  constructor(
    offsetMs = 0,
    private readonly base: Clock = systemClock,
  ) {
    this.#offsetMs = offsetMs;
  }

  now(): Date {
    return new Date(this.base.now().getTime() + this.#offsetMs);
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  set offsetMs(value: number) {
    this.#offsetMs = value;
  }
}
