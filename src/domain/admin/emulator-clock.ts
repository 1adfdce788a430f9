import type { OffsetClock } from '../clock.js';

/** Where the clock offset is kept: the store's settings, so restarts and every instance of one store agree. */
export interface SettingsStore {
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}

export const CLOCK_SETTING = 'clock_offset_ms';

/**
 * The emulator's controllable clock: the domain clock's offset, kept with the data. Production mode
 * never moves it (its offset stays 0 and is never read).
 */
export class EmulatorClock {
  constructor(
    readonly clock: OffsetClock,
    private readonly settings: SettingsStore,
    private readonly enabled: boolean,
  ) {}

  /** Takes the kept offset (at start, and periodically where instances share a store). */
  async load(): Promise<void> {
    if (!this.enabled) return;
    const offset = Number((await this.settings.getSetting(CLOCK_SETTING)) ?? 0);
    this.clock.offsetMs = Number.isFinite(offset) ? offset : 0;
  }

  async advance(seconds: number): Promise<void> {
    await this.save(this.clock.offsetMs + seconds * 1000);
  }

  async reset(): Promise<void> {
    await this.save(0);
  }

  private async save(offsetMs: number): Promise<void> {
    this.clock.offsetMs = offsetMs;
    await this.settings.setSetting(CLOCK_SETTING, String(offsetMs));
  }
}
