import type { ProtectionSettings } from '../domain/verification/phone-guard.js';
import { knownCallingCodes } from '../domain/verification/phone.js';
import { ConfigError } from './config.js';

export type { ProtectionSettings } from '../domain/verification/phone-guard.js';

/**
 * The production-mode protections against SMS pumping (docs/errors.md, "Production-mode protections"):
 *
 * - `CANOPY_SMS_PROTECTIONS`: `on` or `off`. Production mode is always on (`off` is refused: a
 *   production server without them is an open SMS relay). Emulator mode is off, as DESIGN.md wants,
 *   unless `on` turns them on (for tests of the protections themselves).
 * - `CANOPY_PHONE_LIMIT_PER_MINUTE` (1), `CANOPY_PHONE_LIMIT_PER_HOUR` (5), `CANOPY_PHONE_LIMIT_PER_DAY`
 *   (10): accepted sends per phone number per fixed window; whole numbers from 1 to 1,000,000.
 * - `CANOPY_SMS_COUNTRY_ALLOWLIST`: comma-separated country calling codes (`1,44,65`, a leading `+`
 *   is accepted); empty or unset: every code the site allows.
 * - `CANOPY_PREFIX_BREAKER_FACTOR` (10): a number from 1 to 1,000; `CANOPY_PREFIX_BREAKER_FLOOR` (50): a
 *   whole number from 1 to 1,000,000. See `breakerLimit` in src/domain/verification/phone-guard.ts.
 *
 * Every variable is checked in both modes, so a mistake shows at start, not first in production.
 * An empty variable means unset, as in loadConfig.
 */
/** Every variable this module reads; `read` takes no other name, so the list cannot fall behind. */
export const PROTECTION_SETTINGS = [
  'CANOPY_SMS_PROTECTIONS',
  'CANOPY_PHONE_LIMIT_PER_MINUTE',
  'CANOPY_PHONE_LIMIT_PER_HOUR',
  'CANOPY_PHONE_LIMIT_PER_DAY',
  'CANOPY_SMS_COUNTRY_ALLOWLIST',
  'CANOPY_PREFIX_BREAKER_FACTOR',
  'CANOPY_PREFIX_BREAKER_FLOOR',
] as const;
type ProtectionSetting = (typeof PROTECTION_SETTINGS)[number];

export function loadProtections(env: Readonly<Record<string, string | undefined>>, mode: 'emulator' | 'production'): ProtectionSettings {
  const read = (name: ProtectionSetting): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const switchValue = read('CANOPY_SMS_PROTECTIONS')?.toLowerCase();
  if (switchValue !== undefined && switchValue !== 'on' && switchValue !== 'off') {
    throw new ConfigError('CANOPY_SMS_PROTECTIONS: must be on or off');
  }
  if (mode === 'production' && switchValue === 'off') {
    throw new ConfigError('CANOPY_SMS_PROTECTIONS: the SMS protections cannot be turned off in production mode');
  }

  const whole = (name: ProtectionSetting, fallback: number, max: number): number => {
    const value = read(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
      throw new ConfigError(`${name}: must be a whole number from 1 to ${max.toLocaleString('en-US')}, not "${value}"`);
    }
    return Number(value);
  };

  const factorValue = read('CANOPY_PREFIX_BREAKER_FACTOR');
  let factor = 10;
  if (factorValue !== undefined) {
    factor = Number(factorValue);
    if (!/^\d+(\.\d+)?$/.test(factorValue) || factor < 1 || factor > 1000) {
      throw new ConfigError(
        `CANOPY_PREFIX_BREAKER_FACTOR: must be a number from 1 to 1,000 (a factor below 1 would refuse a prefix's usual traffic), not "${factorValue}"`,
      );
    }
  }

  return Object.freeze({
    enabled: mode === 'production' || switchValue === 'on',
    phoneLimits: Object.freeze({
      perMinute: whole('CANOPY_PHONE_LIMIT_PER_MINUTE', 1, 1_000_000),
      perHour: whole('CANOPY_PHONE_LIMIT_PER_HOUR', 5, 1_000_000),
      perDay: whole('CANOPY_PHONE_LIMIT_PER_DAY', 10, 1_000_000),
    }),
    countryAllowList: Object.freeze(allowList(read('CANOPY_SMS_COUNTRY_ALLOWLIST'))),
    prefixBreaker: Object.freeze({ factor, floor: whole('CANOPY_PREFIX_BREAKER_FLOOR', 50, 1_000_000) }),
  });
}

function allowList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const callingCodes = knownCallingCodes();
  const codes: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    const code = entry.startsWith('+') ? entry.slice(1) : entry;
    if (entry === '')
      throw new ConfigError('CANOPY_SMS_COUNTRY_ALLOWLIST: has an empty entry; write calling codes separated by commas, such as 1,44,65');
    if (!/^\d{1,4}$/.test(code) || !callingCodes.has(code)) {
      throw new ConfigError(
        `CANOPY_SMS_COUNTRY_ALLOWLIST: "${entry}" is not a country calling code (write 44 for the United Kingdom, not a country name or a number)`,
      );
    }
    if (!codes.includes(code)) codes.push(code);
  }
  return codes;
}
