/**
 * RFC 3986 percent-encoding as both Alibaba signature schemes use it: only `A-Z a-z 0-9 - _ . ~`
 * stay as they are, everything else is UTF-8 percent-encoded with upper-case hex.
 */
const NEEDS_EXTRA = /[!'()*]/g;
const EXTRA: Record<string, string> = { '!': '%21', "'": '%27', '(': '%28', ')': '%29', '*': '%2A' };

export function pct(value: string): string {
  return encodeURIComponent(value).replace(NEEDS_EXTRA, (c) => EXTRA[c]!);
}
