import { createRequire } from 'node:module';
import type { Site } from '../accounts/account.js';
import { ApiError, invalidParameter, missingParameter } from '../../errors/api-error.js';

/** A secure mobile phone as the API writes it: `<country code>-<number>`. */
export interface Phone {
  readonly countryCode: string;
  readonly nationalNumber: string;
  /** `<country code>-<national number>`, the form Canopy stores and compares. */
  readonly canonical: string;
}

export type PhoneProblem = 'malformed' | 'unknown-country';

const SHAPE = /^([1-9]\d{0,3})-(\d{4,17})$/;

type Libphonenumber = typeof import('libphonenumber-js/max');
let library: Libphonenumber | undefined;
let callingCodes: ReadonlySet<string> | undefined;

/**
 * libphonenumber-js with its full metadata, loaded on the first phone number checked rather than at
 * start: its ninety-odd modules were a tenth of every cold start (docs/development.md, "Profiling"),
 * and a server that is only read from never needs it. require() keeps parsePhone synchronous.
 */
function libphonenumber(): Libphonenumber {
  library ??= createRequire(import.meta.url)('libphonenumber-js/max') as Libphonenumber;
  return library;
}

/** Every country calling code libphonenumber knows (1, 44, 86...). */
export function knownCallingCodes(): ReadonlySet<string> {
  const { getCountries, getCountryCallingCode } = libphonenumber();
  callingCodes ??= new Set(getCountries().map((country) => getCountryCallingCode(country)));
  return callingCodes;
}
// Parsing with full metadata costs about as much as a whole request; numbers repeat, so remember them.
const cache = new Map<string, Phone | PhoneProblem>();
const CACHE_LIMIT = 10_000;

export function parsePhone(value: string): Phone | PhoneProblem {
  // Only values of the right shape are worth remembering (and they are short).
  if (!SHAPE.test(value.trim())) return 'malformed';
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const result = parseUncached(value);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(value, result);
  return result;
}

function parseUncached(value: string): Phone | PhoneProblem {
  const match = SHAPE.exec(value.trim());
  if (!match) return 'malformed';
  const countryCode = match[1]!;
  if (!knownCallingCodes().has(countryCode)) return 'unknown-country';
  try {
    const parsed = libphonenumber().parsePhoneNumberWithError(`+${countryCode}${match[2]}`);
    if (!parsed.isValid()) return 'malformed';
    return {
      countryCode: parsed.countryCallingCode,
      nationalNumber: parsed.nationalNumber,
      canonical: `${parsed.countryCallingCode}-${parsed.nationalNumber}`,
    };
  } catch {
    return 'malformed';
  }
}

/** International site: Chinese mainland numbers (86) are not supported. China site: only 86. */
export function siteAllows(site: Site, phone: Phone): boolean {
  return site === 'china' ? phone.countryCode === '86' : phone.countryCode !== '86';
}

/** For logs: keep the country code and the last two digits. */
export function maskPhone(phone: string): string {
  const dash = phone.indexOf('-');
  const national = dash === -1 ? phone : phone.slice(dash + 1);
  const prefix = dash === -1 ? '' : phone.slice(0, dash + 1);
  return `${prefix}${'*'.repeat(Math.max(0, national.length - 2))}${national.slice(-2)}`;
}

/**
 * A phone parameter as every operation checks it: present (MissingParameter), well formed
 * (InvalidParameter naming it), of a country the site serves (InvalidParameter.MobileCountryCode).
 * Returns the canonical form.
 */
export function requirePhone(site: Site, value: string | undefined, paramName: string): string {
  if (!value) throw missingParameter(paramName);
  const phone = parsePhone(value);
  if (phone === 'malformed') throw invalidParameter(paramName);
  if (phone === 'unknown-country' || !siteAllows(site, phone)) throw new ApiError('InvalidParameter.MobileCountryCode');
  return phone.canonical;
}
