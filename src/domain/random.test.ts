import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cryptoRandom, timeOrderedId } from './random.js';

const at = (ms: number) => new Date(ms);

test('time-ordered IDs sort as their times do, across every change in the number of base-36 digits', () => {
  // 35 → 36 and 46655 → 46656 each add a digit; today's times have 8, which the padding makes 9.
  const times = [
    0,
    35,
    36,
    46_655,
    46_656,
    Date.parse('2026-12-01T00:00:00Z'),
    Date.parse('2026-12-01T00:00:00.001Z'),
    Date.parse('2100-01-01T00:00:00Z'),
  ];
  const ids = times.map((ms) => timeOrderedId(cryptoRandom, at(ms), 16));
  assert.deepEqual([...ids].sort(), ids);
  for (const id of ids) assert.match(id, /^[0-9a-z]{9}[A-Za-z0-9]{16}$/);
});

test('two IDs of the same millisecond differ in their random part', () => {
  const now = at(Date.parse('2026-12-01T00:00:00Z'));
  const first = timeOrderedId(cryptoRandom, now, 16);
  const second = timeOrderedId(cryptoRandom, now, 16);
  assert.equal(first.slice(0, 9), second.slice(0, 9));
  assert.notEqual(first, second);
});
