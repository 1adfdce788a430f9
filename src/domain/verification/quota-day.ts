/**
 * The calendar day a send counts against, in the configured time zone (Asia/Shanghai by default,
 * Alibaba Cloud's home zone), as `YYYY-MM-DD`.
 */
export function dayKeyFormatter(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (at) => format.format(at);
}
