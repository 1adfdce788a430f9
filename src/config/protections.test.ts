import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config.js';
import { loadProtections } from './protections.js';

test('defaults: on in production mode, off in emulator mode, 1/5/10 per phone, factor 10, floor 50, no allow-list', () => {
  const production = loadProtections({}, 'production');
  assert.deepEqual(production, {
    enabled: true,
    phoneLimits: { perMinute: 1, perHour: 5, perDay: 10 },
    countryAllowList: [],
    prefixBreaker: { factor: 10, floor: 50 },
  });
  assert.equal(loadProtections({}, 'emulator').enabled, false);
  assert.ok(Object.isFrozen(production) && Object.isFrozen(production.phoneLimits) && Object.isFrozen(production.countryAllowList));
  assert.ok(Object.isFrozen(production.prefixBreaker));
});

test('CANOPY_SMS_PROTECTIONS turns them on in emulator mode and can never turn them off in production mode', () => {
  assert.equal(loadProtections({ CANOPY_SMS_PROTECTIONS: 'on' }, 'emulator').enabled, true);
  assert.equal(loadProtections({ CANOPY_SMS_PROTECTIONS: 'ON' }, 'emulator').enabled, true);
  assert.equal(loadProtections({ CANOPY_SMS_PROTECTIONS: 'off' }, 'emulator').enabled, false);
  assert.equal(loadProtections({ CANOPY_SMS_PROTECTIONS: 'on' }, 'production').enabled, true);
  assert.equal(loadProtections({ CANOPY_SMS_PROTECTIONS: '' }, 'production').enabled, true, 'empty means unset');
  assert.throws(
    () => loadProtections({ CANOPY_SMS_PROTECTIONS: 'off' }, 'production'),
    /^ConfigError: CANOPY_SMS_PROTECTIONS: .*cannot be turned off in production/,
  );
  assert.throws(() => loadProtections({ CANOPY_SMS_PROTECTIONS: 'yes' }, 'emulator'), /CANOPY_SMS_PROTECTIONS: must be on or off/);
});

test('reads the limits, the breaker and the allow-list', () => {
  const settings = loadProtections(
    {
      CANOPY_PHONE_LIMIT_PER_MINUTE: '2',
      CANOPY_PHONE_LIMIT_PER_HOUR: '20',
      CANOPY_PHONE_LIMIT_PER_DAY: ' 200 ',
      CANOPY_SMS_COUNTRY_ALLOWLIST: '1, +44,65,44',
      CANOPY_PREFIX_BREAKER_FACTOR: '2.5',
      CANOPY_PREFIX_BREAKER_FLOOR: '5',
    },
    'production',
  );
  assert.deepEqual(settings, {
    enabled: true,
    phoneLimits: { perMinute: 2, perHour: 20, perDay: 200 },
    countryAllowList: ['1', '44', '65'],
    prefixBreaker: { factor: 2.5, floor: 5 },
  });
});

test('each bad value is a ConfigError naming its variable, in either mode', () => {
  const bad: [Record<string, string>, RegExp][] = [
    [{ CANOPY_PHONE_LIMIT_PER_MINUTE: '0' }, /^CANOPY_PHONE_LIMIT_PER_MINUTE: must be a whole number from 1 to 1,000,000, not "0"$/],
    [{ CANOPY_PHONE_LIMIT_PER_HOUR: 'five' }, /^CANOPY_PHONE_LIMIT_PER_HOUR: /],
    [{ CANOPY_PHONE_LIMIT_PER_DAY: '1.5' }, /^CANOPY_PHONE_LIMIT_PER_DAY: /],
    [{ CANOPY_PHONE_LIMIT_PER_DAY: '-3' }, /^CANOPY_PHONE_LIMIT_PER_DAY: /],
    [{ CANOPY_PHONE_LIMIT_PER_DAY: '1000001' }, /^CANOPY_PHONE_LIMIT_PER_DAY: /],
    [{ CANOPY_PREFIX_BREAKER_FACTOR: '0.5' }, /^CANOPY_PREFIX_BREAKER_FACTOR: must be a number from 1 to 1,000/],
    [{ CANOPY_PREFIX_BREAKER_FACTOR: '1e3' }, /^CANOPY_PREFIX_BREAKER_FACTOR: /],
    [{ CANOPY_PREFIX_BREAKER_FACTOR: '1001' }, /^CANOPY_PREFIX_BREAKER_FACTOR: /],
    [{ CANOPY_PREFIX_BREAKER_FLOOR: '0' }, /^CANOPY_PREFIX_BREAKER_FLOOR: /],
    [{ CANOPY_SMS_COUNTRY_ALLOWLIST: '1,,44' }, /^CANOPY_SMS_COUNTRY_ALLOWLIST: has an empty entry/],
    [{ CANOPY_SMS_COUNTRY_ALLOWLIST: '1,999' }, /^CANOPY_SMS_COUNTRY_ALLOWLIST: "999" is not a country calling code/],
    [{ CANOPY_SMS_COUNTRY_ALLOWLIST: 'US' }, /^CANOPY_SMS_COUNTRY_ALLOWLIST: "US" is not a country calling code/],
    [{ CANOPY_SMS_COUNTRY_ALLOWLIST: '001' }, /^CANOPY_SMS_COUNTRY_ALLOWLIST: "001" is not/],
  ];
  for (const mode of ['emulator', 'production'] as const) {
    for (const [env, message] of bad) {
      assert.throws(
        () => loadProtections(env, mode),
        (error: Error) => error instanceof ConfigError && message.test(error.message),
        `${JSON.stringify(env)} in ${mode} mode`,
      );
    }
  }
});
