import type { Migration } from './migration.js';

export const phoneGuard: Migration = {
  version: 2,
  name: 'phone-guard',
  sql: (d) => `
    -- Production-mode protections (src/domain/verification/phone-guard.ts): fixed-window counters
    -- of accepted sends per phone, and per country calling code per hour. Window starts are epoch ms.
    CREATE TABLE phone_send_windows (
      phone TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('minute', 'hour', 'day')),
      window_start BIGINT NOT NULL,
      sent INTEGER NOT NULL,
      PRIMARY KEY (phone, kind, window_start)
    )${d.keyedTable};
    CREATE INDEX phone_send_windows_start ON phone_send_windows(window_start);

    CREATE TABLE country_send_hours (
      country_code TEXT NOT NULL,
      hour_start BIGINT NOT NULL,
      sent INTEGER NOT NULL,
      PRIMARY KEY (country_code, hour_start)
    )${d.keyedTable};
    CREATE INDEX country_send_hours_start ON country_send_hours(hour_start);
  `,
};
