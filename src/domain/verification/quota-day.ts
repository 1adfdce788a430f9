/**
 * The calendar day a send counts against, in the configured time zone (Asia/Shanghai by default,
 * Alibaba Cloud's home zone), as `YYYY-MM-DD`.
 */
export function dayKeyFormatter(timeZone: string): (at: Date) => string {
  const format = dayFormat(timeZone);
  // Formatting costs a few microseconds on every send; every zone's midnight falls on a whole
  // minute, so the answer for the last minute seen can be reused.
  let minute = Number.NaN;
  let key = '';
  return (at) => {
    const m = Math.floor(at.getTime() / 60_000);
    if (m !== minute) {
      minute = m;
      key = format(at);
    }
    return key;
  };
}

/**
 * `YYYY-MM-DD` in `timeZone`, its DateTimeFormat made on first use: the process's first one loads
 * ICU's data, 25-40 ms of a cold start on a slow machine, which a start that counts no send need not pay.
 */
function dayFormat(timeZone: string): (at: Date) => string {
  let format: Intl.DateTimeFormat | undefined;
  return (at) => {
    format ??= new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    return format.format(at);
  };
}

/** A fixed window of time: `start` inclusive, `end` exclusive, both in epoch milliseconds. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

// Every zone's offset, and so every local midnight, is a whole number of quarter hours from UTC.
const QUARTER_HOUR_MS = 900_000;
const HOUR_MS = 3_600_000;

/**
 * The quota day around an instant, in the configured time zone, as a window: from the first instant
 * whose `dayKeyFormatter` key is that day's to the first instant of the next day. Days of 23 or 25
 * hours (daylight saving) and days that start at 01:00 come out right, because the bounds are found
 * by asking the formatter itself. The last answer is reused until the instant leaves it.
 */
export function dayWindowFinder(timeZone: string): (at: Date) => TimeWindow {
  const format = dayFormat(timeZone);
  const key = (ms: number) => format(new Date(ms));
  let last: TimeWindow = { start: 0, end: 0 };
  return (at) => {
    const t = at.getTime();
    if (t >= last.start && t < last.end) return last;
    const today = key(t);
    let start = Math.floor(t / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
    while (key(start - HOUR_MS) === today) start -= HOUR_MS;
    while (key(start - QUARTER_HOUR_MS) === today) start -= QUARTER_HOUR_MS;
    let end = start + 24 * HOUR_MS;
    while (key(end) === today) end += QUARTER_HOUR_MS;
    while (key(end - QUARTER_HOUR_MS) !== today) end -= QUARTER_HOUR_MS;
    last = { start, end };
    return last;
  };
}
