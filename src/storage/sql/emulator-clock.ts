import type { ClockState, EmulatorClockStore } from '../../domain/admin/emulator-clock.js';
import type { SqlSession } from './session.js';

// Two rows of the settings table; `clock_offset_ms` is where earlier versions kept the offset alone.
const READ =
  "SELECT (SELECT value FROM settings WHERE key = 'clock_offset_ms') AS offset_ms, " +
  "(SELECT value FROM settings WHERE key = 'clock_version') AS version";

// Settings values are text: each change is computed by the statement from the kept value, so a
// change made meanwhile by another process (which holds the row until it commits) is added to, never lost.
const ADD_OFFSET =
  "INSERT INTO settings (key, value) VALUES ('clock_offset_ms', CAST(? AS TEXT)) ON CONFLICT (key) " +
  'DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + CAST(excluded.value AS BIGINT) AS TEXT)';
const ZERO_OFFSET = "INSERT INTO settings (key, value) VALUES ('clock_offset_ms', '0') ON CONFLICT (key) DO UPDATE SET value = '0'";
const RAISE_VERSION =
  "INSERT INTO settings (key, value) VALUES ('clock_version', '1') ON CONFLICT (key) " +
  'DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)';

type KeptClock = { offset_ms: string | null; version: string | null };

function stateOf(row: KeptClock | undefined): ClockState {
  const offsetMs = Number(row?.offset_ms ?? 0);
  return { offsetMs: Number.isFinite(offsetMs) ? offsetMs : 0, version: Number(row?.version ?? 0) };
}

/** The emulator clock in the settings table (kept through reset, like the server secret). */
export class SqlEmulatorClock implements EmulatorClockStore {
  constructor(private readonly s: SqlSession) {}

  async read(): Promise<ClockState> {
    return stateOf(await this.s.get<KeptClock>(READ));
  }

  readWithNext(observe: (state: ClockState) => void): void {
    this.s.soon<KeptClock>(READ, [], (answer) => observe(stateOf(answer.rows[0])));
  }

  async advance(ms: number): Promise<ClockState> {
    await this.s.run(ADD_OFFSET, [ms]);
    await this.s.run(RAISE_VERSION);
    return this.read();
  }

  async reset(): Promise<ClockState> {
    await this.s.run(ZERO_OFFSET);
    await this.s.run(RAISE_VERSION);
    return this.read();
  }
}
