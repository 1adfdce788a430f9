import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiError } from '../../errors/api-error.js';
import type { DomainStores } from '../store.js';
import { BASELINE_HOURS, PhoneGuard, PROTECTIONS_OFF, breakerLimit, countryCodeOf } from './phone-guard.js';
import { dayKeyFormatter, dayWindowFinder } from './quota-day.js';
import type { PhoneWindow, VerificationStore } from './store.js';

const iso = (ms: number) => new Date(ms).toISOString();

test('breaker limit: max(floor, ceil(factor x sends in the previous 24 hours / 24))', () => {
  // No history, or a quiet one: the floor.
  assert.equal(breakerLimit(0, 10, 50), 50);
  assert.equal(breakerLimit(24 * 4, 10, 50), 50, 'baseline 4 an hour: 40 is below the floor');
  assert.equal(breakerLimit(24 * 5, 10, 50), 50, 'baseline 5: exactly the floor');
  // A busy prefix: factor times its average hour.
  assert.equal(breakerLimit(24 * 6, 10, 50), 60);
  assert.equal(breakerLimit(24 * 100, 10, 50), 1000);
  assert.equal(breakerLimit(24 * 12, 2, 3), 24);
  // Fractions round up: with 1 send in 24 hours and factor 10 the product is 0.4166..., so 1.
  assert.equal(breakerLimit(1, 10, 1), 1);
  assert.equal(breakerLimit(25, 24, 1), 25, '24 x 25 / 24 is exactly 25, float noise does not add one');
  assert.equal(breakerLimit(7, 1.5, 0), 1, '1.5 x 7 / 24 = 0.4375 rounds up to 1');
  assert.equal(breakerLimit(24 * 3, 2.5, 1), 8, '2.5 x 3 = 7.5 rounds up to 8');
  assert.equal(BASELINE_HOURS, 24);
  // Capped so the limit fits the counter columns.
  assert.equal(breakerLimit(Number.MAX_SAFE_INTEGER, 1000, 1), 1_000_000_000);
});

test('the breaker refuses when the hour holds max(floor, factor x baseline) (baseline 10 an hour, the defaults)', () => {
  // Baseline 10 an hour (240 in the previous day), factor 10, floor 50: 100 sends an hour.
  const limit = breakerLimit(240, 10, 50);
  assert.equal(limit, 100);
  const accepted = Array.from({ length: 150 }, (_, count) => count < limit).filter(Boolean).length;
  assert.equal(accepted, 100);
});

test('countryCodeOf reads the calling code of a canonical phone', () => {
  assert.equal(countryCodeOf('1-2025550123'), '1');
  assert.equal(countryCodeOf('44-7911123456'), '44');
  assert.equal(countryCodeOf('1268-4641234'), '1268');
});

test('dayWindowFinder: the quota day as a window, agreeing with dayKeyFormatter', () => {
  const shanghai = dayWindowFinder('Asia/Shanghai');
  const window = shanghai(new Date('2025-03-01T08:00:00Z'));
  assert.equal(iso(window.start), '2025-02-28T16:00:00.000Z');
  assert.equal(iso(window.end), '2025-03-01T16:00:00.000Z');
  assert.equal(iso(shanghai(new Date('2025-03-01T15:59:59.999Z')).end), '2025-03-01T16:00:00.000Z');
  assert.equal(iso(shanghai(new Date('2025-03-01T16:00:00.000Z')).start), '2025-03-01T16:00:00.000Z');

  const cases: [zone: string, at: string, start: string, end: string][] = [
    ['UTC', '2025-06-15T23:59:59.999Z', '2025-06-15T00:00:00.000Z', '2025-06-16T00:00:00.000Z'],
    // A 23-hour and a 25-hour day.
    ['America/New_York', '2025-03-09T12:00:00Z', '2025-03-09T05:00:00.000Z', '2025-03-10T04:00:00.000Z'],
    ['America/New_York', '2025-11-02T12:00:00Z', '2025-11-02T04:00:00.000Z', '2025-11-03T05:00:00.000Z'],
    // Chile moves its clocks at midnight: on 7 September 2025 the day starts at 01:00.
    ['America/Santiago', '2025-09-07T12:00:00Z', '2025-09-07T04:00:00.000Z', '2025-09-08T03:00:00.000Z'],
    // A quarter-hour offset (+05:45).
    ['Asia/Kathmandu', '2025-03-01T00:00:00Z', '2025-02-28T18:15:00.000Z', '2025-03-01T18:15:00.000Z'],
  ];
  for (const [zone, at, start, end] of cases) {
    const found = dayWindowFinder(zone)(new Date(at));
    assert.deepEqual({ start: iso(found.start), end: iso(found.end) }, { start, end }, `${zone} at ${at}`);
    const key = dayKeyFormatter(zone);
    assert.equal(key(new Date(found.start)), key(new Date(at)));
    assert.equal(key(new Date(found.end - 1)), key(new Date(at)));
    assert.notEqual(key(new Date(found.start - 1)), key(new Date(at)));
    assert.notEqual(key(new Date(found.end)), key(new Date(at)));
  }
});

/** Just enough of a store to watch the guard's calls. */
function recordingStores(answers: { window?: Partial<Record<PhoneWindow, boolean>>; country?: boolean; previous?: number } = {}) {
  const calls: string[] = [];
  const verification: Partial<VerificationStore> = {
    takePhoneWindow: async (phone, window, start, limit) => {
      calls.push(`window ${phone} ${window} ${iso(start.getTime())} ${limit}`);
      return answers.window?.[window] ?? true;
    },
    countrySends: async (code, from, to) => {
      calls.push(`sends ${code} ${iso(from.getTime())} ${iso(to.getTime())}`);
      return answers.previous ?? 0;
    },
    takeCountrySend: async (code, hour, limit) => {
      calls.push(`country ${code} ${iso(hour.getTime())} ${limit}`);
      return answers.country ?? true;
    },
  };
  return { calls, tx: { verification } as unknown as DomainStores };
}

const settings = { ...PROTECTIONS_OFF, enabled: true };
const NOW = new Date('2025-03-01T08:20:30.000Z');

test('PhoneGuard checks in order: allow-list, minute, hour, day, then the prefix breaker', async () => {
  const { calls, tx } = recordingStores({ previous: 240 });
  await new PhoneGuard(settings, 'Asia/Shanghai').admit(tx, '1-2025550123', NOW);
  assert.deepEqual(calls, [
    'window 1-2025550123 minute 2025-03-01T08:20:00.000Z 1',
    'window 1-2025550123 hour 2025-03-01T08:00:00.000Z 5',
    'window 1-2025550123 day 2025-02-28T16:00:00.000Z 10',
    'sends 1 2025-02-28T08:00:00.000Z 2025-03-01T08:00:00.000Z',
    'country 1 2025-03-01T08:00:00.000Z 100',
  ]);
});

test('PhoneGuard stops at the first refusal, with the time until that window ends', async () => {
  const guard = new PhoneGuard(settings, 'Asia/Shanghai');
  const expectRefusal = async (
    stores: ReturnType<typeof recordingStores>,
    code: string,
    retryAfterMs: number | undefined,
    callCount: number,
  ) => {
    await assert.rejects(guard.admit(stores.tx, '1-2025550123', NOW), (error: ApiError) => {
      assert.equal(error.code, code);
      assert.equal(error.retryAfterMs, retryAfterMs);
      assert.equal(error.keepWrites, false, 'a refusal rolls back the counters already taken');
      return true;
    });
    assert.equal(stores.calls.length, callCount, stores.calls.join('\n'));
  };
  await expectRefusal(recordingStores({ window: { minute: false } }), 'Throttling.VerificationCode', 30_000, 1);
  await expectRefusal(recordingStores({ window: { hour: false } }), 'Throttling.VerificationCode', 39 * 60_000 + 30_000, 2);
  await expectRefusal(recordingStores({ window: { day: false } }), 'Throttling.VerificationCode', 7 * 3_600_000 + 39 * 60_000 + 30_000, 3);
  await expectRefusal(recordingStores({ country: false }), 'Throttling.CountryPrefix', 39 * 60_000 + 30_000, 5);

  const allowList = new PhoneGuard({ ...settings, countryAllowList: ['44'] }, 'Asia/Shanghai');
  const stores = recordingStores();
  await assert.rejects(
    allowList.admit(stores.tx, '1-2025550123', NOW),
    (error: ApiError) => error.code === 'InvalidParameter.MobileCountryCode',
  );
  assert.deepEqual(stores.calls, [], 'nothing is counted for a country outside the allow-list');
  await allowList.admit(stores.tx, '44-7911123456', NOW);
  assert.equal(stores.calls.length, 5);
});
