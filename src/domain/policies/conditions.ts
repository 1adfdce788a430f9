import { BlockList, isIP } from 'node:net';
import { wildcardMatch } from './wildcard.js';

/**
 * The Condition operators of RAM's policy language, which control policies use
 * (https://www.alibabacloud.com/help/en/ram/conditional-operator): five families, string, number,
 * date and time, Boolean and IP address. Names are matched exactly; an operator not in this list is
 * refused when the document is parsed. `negated` operators hold when no policy value matches.
 */
type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Ip';

interface OperatorSpec {
  readonly family: Family;
  readonly negated: boolean;
  /** Whether one request value and one policy value (both already parsed) satisfy the positive form. */
  readonly test: (request: string, policy: string) => boolean;
}

const numeric = (cmp: (a: number, b: number) => boolean) => (request: string, policy: string) => {
  const a = parseNumber(request);
  const b = parseNumber(policy);
  return a !== undefined && b !== undefined && cmp(a, b);
};
const date = (cmp: (a: number, b: number) => boolean) => (request: string, policy: string) => {
  const a = parseDate(request);
  const b = parseDate(policy);
  return a !== undefined && b !== undefined && cmp(a, b);
};
const eq = (a: number, b: number) => a === b;
const lt = (a: number, b: number) => a < b;
const le = (a: number, b: number) => a <= b;
const gt = (a: number, b: number) => a > b;
const ge = (a: number, b: number) => a >= b;
const same = (a: string, b: string) => a === b;
const sameIgnoringCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const like = (a: string, b: string) => wildcardMatch(b, a);

const spec = (family: Family, negated: boolean, test: OperatorSpec['test']): OperatorSpec => ({ family, negated, test });

export const operators: Readonly<Record<string, OperatorSpec>> = {
  StringEquals: spec('String', false, same),
  StringNotEquals: spec('String', true, same),
  StringEqualsIgnoreCase: spec('String', false, sameIgnoringCase),
  StringNotEqualsIgnoreCase: spec('String', true, sameIgnoringCase),
  StringLike: spec('String', false, like),
  StringNotLike: spec('String', true, like),
  NumericEquals: spec('Numeric', false, numeric(eq)),
  NumericNotEquals: spec('Numeric', true, numeric(eq)),
  NumericLessThan: spec('Numeric', false, numeric(lt)),
  NumericLessThanEquals: spec('Numeric', false, numeric(le)),
  NumericGreaterThan: spec('Numeric', false, numeric(gt)),
  NumericGreaterThanEquals: spec('Numeric', false, numeric(ge)),
  DateEquals: spec('Date', false, date(eq)),
  DateNotEquals: spec('Date', true, date(eq)),
  DateLessThan: spec('Date', false, date(lt)),
  DateLessThanEquals: spec('Date', false, date(le)),
  DateGreaterThan: spec('Date', false, date(gt)),
  DateGreaterThanEquals: spec('Date', false, date(ge)),
  Bool: spec('Bool', false, (a, b) => a.toLowerCase() === b.toLowerCase()),
  IpAddress: spec('Ip', false, ipInRange),
  NotIpAddress: spec('Ip', true, ipInRange),
};

export function isOperator(name: string): boolean {
  return Object.hasOwn(operators, name);
}

/**
 * Why a policy value is not usable with an operator of its family, or undefined when it is. Checked
 * at parse time, so a document never holds a value its operator cannot compare.
 */
export function invalidValue(operator: string, value: string): string | undefined {
  switch (operators[operator]?.family) {
    case 'Numeric':
      return parseNumber(value) === undefined ? 'is not a number' : undefined;
    case 'Date':
      return parseDate(value) === undefined ? 'is not an ISO 8601 date and time' : undefined;
    case 'Bool':
      return /^(true|false)$/i.test(value) ? undefined : 'is not true or false';
    case 'Ip':
      return parseRange(value) === undefined ? 'is not an IPv4 or IPv6 address or CIDR block' : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether one clause holds for the request's values of its key (`undefined`: the request has no such
 * key). Values of one key are OR'ed: a positive operator holds when some request value matches some
 * policy value; a negated operator holds when none does. A missing key matches nothing, so positive
 * operators are false and negated ones true (inferred; the RAM documentation does not say).
 */
export function clauseHolds(operator: string, policyValues: readonly string[], requestValues: readonly string[] | undefined): boolean {
  const op = operators[operator];
  if (op === undefined) return false;
  const matched = (requestValues ?? []).some((r) => policyValues.some((p) => op.test(r, p)));
  return op.negated ? !matched : matched;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

// A date, optionally with a time (minutes, seconds and fractions optional) and an offset; without an
// offset the time is read as UTC so the answer never depends on the server's time zone.
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parseDate(text: string): number | undefined {
  const m = DATE.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${offset}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2024-02-30 over to March; a calendar date that does not exist is refused.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return check.getUTCMonth() === Number(mo) - 1 && check.getUTCDate() === Number(d) && Number(h) < 24 ? ms : undefined;
}

interface Range {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

function parseRange(text: string): Range | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  return prefix <= max ? { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' } : undefined;
}

function ipInRange(request: string, policy: string): boolean {
  const range = parseRange(policy);
  const version = isIP(request.trim());
  if (range === undefined || version === 0) return false;
  const list = new BlockList();
  list.addSubnet(range.address, range.prefix, range.family);
  return list.check(request.trim(), version === 4 ? 'ipv4' : 'ipv6');
}
