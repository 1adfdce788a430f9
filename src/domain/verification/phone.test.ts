import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskPhone, parsePhone, siteAllows } from './phone.js';
import { dayKeyFormatter } from './quota-day.js';

test('parses <country code>-<number> into a canonical form', () => {
  assert.deepEqual(parsePhone('1-2025550123'), { countryCode: '1', nationalNumber: '2025550123', canonical: '1-2025550123' });
  assert.deepEqual(parsePhone('44-07911123456'), { countryCode: '44', nationalNumber: '7911123456', canonical: '44-7911123456' });
});

test('tells malformed values from unknown country codes', () => {
  for (const value of ['12025550123', '1-', '-2025550123', '1-20255501ab', '+1-2025550123', '01-2025550123', '1-123']) {
    assert.equal(parsePhone(value), 'malformed', value);
  }
  assert.equal(parsePhone('999-1234567'), 'unknown-country');
});

test('site rules: the international site refuses 86, the China site takes only 86', () => {
  const cn = parsePhone('86-13800138000');
  const us = parsePhone('1-2025550123');
  assert.ok(typeof cn !== 'string' && typeof us !== 'string');
  assert.equal(siteAllows('international', cn), false);
  assert.equal(siteAllows('international', us), true);
  assert.equal(siteAllows('china', cn), true);
  assert.equal(siteAllows('china', us), false);
});

test('masking keeps the country code and the last two digits', () => {
  assert.equal(maskPhone('1-2025550123'), '1-********23');
});

test('the quota day follows the configured time zone', () => {
  const shanghai = dayKeyFormatter('Asia/Shanghai');
  const utc = dayKeyFormatter('UTC');
  const at = new Date('2026-03-01T16:30:00Z'); // 00:30 on March 2nd in Shanghai
  assert.equal(shanghai(at), '2026-03-02');
  assert.equal(utc(at), '2026-03-01');
});
