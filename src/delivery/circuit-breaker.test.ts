import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CircuitBreaker } from './circuit-breaker.js';

test('a circuit reads closed, open for the cooldown after the threshold, half-open once it ends, closed after a success', () => {
  let now = 1_000;
  const breaker = new CircuitBreaker(2, 500, () => now);
  assert.equal(breaker.position('sms/twilio'), 'closed', 'a circuit never used');
  breaker.failure('sms/twilio');
  assert.equal(breaker.position('sms/twilio'), 'closed', 'below the threshold');
  breaker.failure('sms/twilio');
  assert.equal(breaker.position('sms/twilio'), 'open');
  now += 499;
  assert.equal(breaker.position('sms/twilio'), 'open');
  now += 1;
  assert.equal(breaker.position('sms/twilio'), 'half-open', 'the next message may try it');
  assert.equal(breaker.allow('sms/twilio'), true);
  assert.equal(breaker.position('sms/twilio'), 'open', 'while that try runs, the others wait');
  breaker.success('sms/twilio');
  assert.equal(breaker.position('sms/twilio'), 'closed');
});
