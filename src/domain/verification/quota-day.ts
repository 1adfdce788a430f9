/**
 * The calendar day a send counts against, in the configured time zone (Asia/Shanghai by default,
 * Alibaba Cloud's home zone), as `YYYY-MM-DD`.
 */
export function dayKeyFormatter(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  // Formatting costs a few microseconds on every send; every zone's midnight falls on a whole
  // minute, so the answer for the last minute seen can be reused.
  let minute = Number.NaN;
  let key = '';
  return (at) => {
    const m = Math.floor(at.getTime() / 60_000);
    if (m !== minute) {
      minute = m;
      key = format.format(at);
    }
    return key;
  };
}
