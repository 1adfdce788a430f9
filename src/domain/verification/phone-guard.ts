import { ApiError } from '../../errors/api-error.js';
import type { DomainStores } from '../store.js';
import { dayWindowFinder, type TimeWindow } from './quota-day.js';
import type { PhoneWindow } from './store.js';

/**
 * Production-mode protections against SMS pumping (DESIGN.md: on in production mode, off in emulator
 * mode, where only documented behaviour applies). Loaded by src/config/protections.ts.
 */
export interface ProtectionSettings {
  /** When false the guard is not consulted at all. */
  readonly enabled: boolean;
  /** Accepted sends per phone number per fixed minute, hour and quota day. */
  readonly phoneLimits: { readonly perMinute: number; readonly perHour: number; readonly perDay: number };
  /** Country calling codes codes may be sent to (`"1"`, `"44"`); empty: every code the site allows. */
  readonly countryAllowList: readonly string[];
  /** The per-country-prefix breaker; see `breakerLimit`. */
  readonly prefixBreaker: { readonly factor: number; readonly floor: number };
}

/** Protections off: what emulator mode uses, and what VerificationService assumes when given none. */
export const PROTECTIONS_OFF: ProtectionSettings = Object.freeze({
  enabled: false,
  phoneLimits: Object.freeze({ perMinute: 1, perHour: 5, perDay: 10 }),
  countryAllowList: Object.freeze([]) as readonly string[],
  prefixBreaker: Object.freeze({ factor: 10, floor: 50 }),
});

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** How many past hours make the breaker's baseline. */
export const BASELINE_HOURS = 24;
const MAX_LIMIT = 1_000_000_000;

/**
 * The most sends a country calling code may take in the current hour:
 *
 *     limit = max(floor, ceil(factor × baseline)),  baseline = (sends in the previous 24 hours) / 24
 *
 * The send is refused when the current hour already holds `limit` accepted sends, that is when
 * `count >= max(floor, factor × baseline)`. The floor lets a quiet prefix (or a fresh server) take
 * ordinary traffic; the factor lets a busy prefix grow, but not jump by an order of magnitude within
 * an hour, which is what SMS pumping looks like.
 */
export function breakerLimit(previous24Hours: number, factor: number, floor: number): number {
  const baseline = previous24Hours / BASELINE_HOURS;
  // A hair below the product so that float noise (10 × 24 / 24 = 10.000000000000002) does not add one.
  // Capped far above any real volume, so the limit always fits the counter column.
  return Math.min(MAX_LIMIT, Math.max(floor, Math.ceil(factor * baseline - 1e-9)));
}

/** The country calling code of a canonical `<country code>-<number>` phone. */
export const countryCodeOf = (phone: string): string => phone.slice(0, phone.indexOf('-'));

const floorTo = (ms: number, size: number) => Math.floor(ms / size) * size;

/**
 * Checks a send against the production-mode protections and counts it, in the request's
 * transaction. Called before the daily quota is taken. A refusal is an ApiError without
 * `keepWrites`, so the whole request's writes, including the counters this guard already moved, are
 * rolled back: every counter only ever holds sends that passed every check.
 */
export class PhoneGuard {
  private readonly allowList: ReadonlySet<string>;
  private readonly windows: readonly { kind: PhoneWindow; limit: number; bounds: (at: Date) => TimeWindow }[];

  constructor(
    private readonly settings: ProtectionSettings,
    quotaTimeZone: string,
  ) {
    this.allowList = new Set(settings.countryAllowList);
    const fixed =
      (size: number) =>
      (at: Date): TimeWindow => {
        const start = floorTo(at.getTime(), size);
        return { start, end: start + size };
      };
    this.windows = [
      { kind: 'minute', limit: settings.phoneLimits.perMinute, bounds: fixed(MINUTE_MS) },
      { kind: 'hour', limit: settings.phoneLimits.perHour, bounds: fixed(HOUR_MS) },
      // The same day as the account's daily quota (Asia/Shanghai by default).
      { kind: 'day', limit: settings.phoneLimits.perDay, bounds: dayWindowFinder(quotaTimeZone) },
    ];
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /**
   * In order: the country allow-list (409 InvalidParameter.MobileCountryCode), the per-phone minute,
   * hour and day windows (400 Throttling.VerificationCode, retry after the full window ends), then
   * the country-prefix breaker (400 Throttling.CountryPrefix, retry after the hour ends).
   */
  async admit(tx: DomainStores, phone: string, now: Date): Promise<void> {
    const countryCode = countryCodeOf(phone);
    if (this.allowList.size > 0 && !this.allowList.has(countryCode)) throw new ApiError('InvalidParameter.MobileCountryCode');

    const t = now.getTime();
    for (const window of this.windows) {
      const { start, end } = window.bounds(now);
      if (!(await tx.verification.takePhoneWindow(phone, window.kind, new Date(start), window.limit))) {
        throw new ApiError('Throttling.VerificationCode', { retryAfterMs: end - t });
      }
    }

    const hour = floorTo(t, HOUR_MS);
    const previous = await tx.verification.countrySends(countryCode, new Date(hour - BASELINE_HOURS * HOUR_MS), new Date(hour));
    const limit = breakerLimit(previous, this.settings.prefixBreaker.factor, this.settings.prefixBreaker.floor);
    if (!(await tx.verification.takeCountrySend(countryCode, new Date(hour), limit))) {
      throw new ApiError('Throttling.CountryPrefix', { retryAfterMs: hour + HOUR_MS - t });
    }
  }

  /** Drops up to `limit` counters no check reads any more (the longest look-back is a day of up to 25 hours). */
  prune(tx: DomainStores, now: Date, limit: number): Promise<number> {
    return tx.verification.pruneSendCounters(new Date(now.getTime() - 2 * 24 * HOUR_MS), limit);
  }
}
