import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { OffsetClock, systemClock } from '../../src/domain/clock.js';
import type { OutboxMessage } from '../../src/domain/messages/message.js';
import { Dispatcher, type DeliverySettings } from '../../src/delivery/dispatcher.js';
import { SendError, type Delivery, type SmsSender } from '../../src/delivery/sender.js';
import { DEFAULT_TEMPLATES } from '../../src/delivery/template.js';
import { openSqliteStore } from '../../src/storage/sqlite/index.js';

const settings: DeliverySettings = {
  maxRounds: 3,
  retryBaseMs: 1000,
  retryMaxMs: 60_000,
  leaseMs: 30_000,
  sendTimeoutMs: 200,
  pollMs: 1_000_000,
  breakerThreshold: 3,
  breakerCooldownMs: 60_000,
};

/** A sender that does what the script says, call after call, and remembers what it was given. */
function scripted(name: string, script: ('ok' | 'down' | 'refuse' | 'hang')[]): SmsSender & { calls: Delivery[] } {
  const calls: Delivery[] = [];
  return {
    name,
    calls,
    async send(delivery, signal) {
      calls.push(delivery);
      const step = script[Math.min(calls.length - 1, script.length - 1)];
      if (step === 'ok') return { providerMessageId: `${name}-${calls.length}` };
      if (step === 'refuse') throw new SendError('number not in service', false, 'isv.MOBILE_NUMBER_ILLEGAL');
      if (step === 'hang') {
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new SendError('timed out', true, 'timeout'))));
      }
      throw new SendError('upstream answered 503', true, '503');
    },
  };
}

async function setup(senders: SmsSender[], mask = false, overrides: Partial<DeliverySettings> = {}) {
  const { store } = await openSqliteStore({ path: undefined, secret: 'dispatcher-tests-secret-0123456789abcdef' });
  const clock = new OffsetClock();
  /** A dispatcher on this store and clock; a second one plays another instance. */
  const dispatcherWith = (chain: SmsSender[]) =>
    new Dispatcher({
      store,
      senders: chain,
      emailSenders: [],
      publicUrl: () => 'http://127.0.0.1:8080',
      clock,
      wallClock: systemClock,
      log: pino({ level: 'silent' }),
      maskDelivered: mask,
      template: DEFAULT_TEMPLATES.en,
      settings: { ...settings, ...overrides },
    });
  const dispatcher = dispatcherWith(senders);
  const enqueue = async (id: string) => {
    const now = clock.now();
    const message: OutboxMessage = {
      id,
      channel: 'sms',
      accountId: '1000000000000001',
      purpose: 'EnableRD',
      phone: '1-2025550123',
      code: '246810',
      validitySeconds: 600,
      status: 'pending',
      createdAt: now,
      sentAt: null,
      sender: null,
      attempts: 0,
      nextAttemptAt: now,
      providerMessageId: null,
      deliveryStatus: null,
    };
    await store.transaction((tx) => tx.outbox.enqueue(message));
  };
  const read = async (id: string) =>
    store.transaction(async (tx) => ({
      message: (await tx.outbox.list({}, 100)).find((m) => m.id === id)!,
      attempts: (await tx.outbox.attempts(id)).map((a) => [a.round, a.sender, a.outcome]),
    }));
  return { store, clock, dispatcher, dispatcherWith, enqueue, read };
}

test('failover: the first sender fails, the second delivers; the attempt log shows both', async () => {
  const first = scripted('twilio', ['down']);
  const second = scripted('webhook', ['ok']);
  const { dispatcher, enqueue, read, store } = await setup([first, second]);
  await enqueue('m1');
  await dispatcher.runOnce();
  const { message, attempts } = await read('m1');
  assert.equal(message.status, 'sent');
  assert.equal(message.sender, 'webhook');
  assert.equal(message.providerMessageId, 'webhook-1');
  assert.deepEqual(attempts, [
    [1, 'twilio', 'error'],
    [1, 'webhook', 'sent'],
  ]);
  assert.match(second.calls[0]!.text, /246810/);
  assert.equal(second.calls[0]!.e164, '+12025550123');
  await store.close();
});

test('all senders down: rounds with backoff, then abandoned; a timeout counts as a failure', async () => {
  const a = scripted('aliyun-sms', ['hang']);
  const b = scripted('webhook', ['down']);
  const { dispatcher, enqueue, read, clock, store } = await setup([a, b]);
  await enqueue('m2');
  await dispatcher.runOnce();
  let state = await read('m2');
  assert.equal(state.message.status, 'pending');
  assert.equal(state.message.attempts, 1);
  const wait = state.message.nextAttemptAt.getTime() - clock.now().getTime();
  assert.ok(wait >= 400 && wait <= 1000, `first backoff ${wait} ms is half to all of the 1 s base`);
  await dispatcher.runOnce();
  assert.equal((await read('m2')).message.attempts, 1, 'not due yet: nothing happens');
  clock.offsetMs += 2_000;
  await dispatcher.runOnce();
  clock.offsetMs += 5_000;
  await dispatcher.runOnce();
  state = await read('m2');
  assert.equal(state.message.status, 'abandoned');
  assert.equal(state.message.attempts, 3);
  assert.deepEqual(
    state.attempts.map(([round]) => round),
    [1, 1, 2, 2, 3, 3],
  );
  assert.equal(a.calls.length + b.calls.length, 6);
  await store.close();
});

test('a refusal that no retry can fix fails the message at once and masks the code in production', async () => {
  const only = scripted('aliyun-sms', ['refuse']);
  const { dispatcher, enqueue, read, store } = await setup([only], true);
  await enqueue('m3');
  await dispatcher.runOnce();
  const { message, attempts } = await read('m3');
  assert.equal(message.status, 'failed');
  assert.equal(message.code, '******');
  assert.deepEqual(attempts, [[1, 'aliyun-sms', 'refused']]);
  await store.close();
});

test('the circuit breaker skips a sender after repeated failures', async () => {
  const flaky = scripted('twilio', ['down']);
  const backup = scripted('webhook', ['ok']);
  const { dispatcher, enqueue, read, store } = await setup([flaky, backup]);
  for (let i = 0; i < 3; i++) await enqueue(`a${i}`);
  await dispatcher.runOnce();
  assert.equal(flaky.calls.length, 3, 'three failures in a row open the circuit');
  for (let i = 0; i < 4; i++) await enqueue(`b${i}`);
  await dispatcher.runOnce();
  assert.equal(flaky.calls.length, 3, 'an open circuit is not tried');
  assert.equal(backup.calls.length, 7);
  assert.deepEqual((await read('b3')).attempts, [
    [1, 'twilio', 'skipped'],
    [1, 'webhook', 'sent'],
  ]);
  await store.close();
});

test('rounds in which every circuit was open do not count towards abandoning a message', async () => {
  const only = scripted('twilio', ['down', 'down', 'down', 'ok']);
  const { dispatcher, enqueue, read, clock, store } = await setup([only]);
  for (let i = 0; i < 3; i++) await enqueue(`o${i}`);
  await dispatcher.runOnce();
  assert.equal(only.calls.length, 3, 'three failures open the circuit');
  await enqueue('late');
  await dispatcher.runOnce();
  assert.equal((await read('late')).message.attempts, 0, 'with every circuit open, nothing is taken');
  clock.offsetMs += 10_000; // due for a retry, circuit still open
  await dispatcher.runOnce();
  assert.equal(only.calls.length, 3);
  assert.equal((await read('late')).message.status, 'pending');
  await store.close();
});

test('a message whose code expired before it could be delivered is abandoned, not sent', async () => {
  const sender = scripted('webhook', ['ok']);
  const { dispatcher, enqueue, read, clock, store } = await setup([sender]);
  await enqueue('stale');
  clock.offsetMs += 601_000;
  await dispatcher.runOnce();
  assert.equal((await read('stale')).message.status, 'abandoned');
  assert.equal(sender.calls.length, 0);
  await store.close();
});

/** A sender that answers only when the test lets it: a dispatcher stalled in the middle of a send. */
function stalled(name: string): SmsSender & { called: Promise<void>; answer: () => void } {
  let answer!: () => void;
  let called!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const calledPromise = new Promise<void>((resolve) => (called = resolve));
  return {
    name,
    called: calledPromise,
    answer,
    async send() {
      called();
      await answered;
      return { providerMessageId: `${name}-late` };
    },
  };
}

test('two dispatchers: one stalls past its lease, the other takes the message over; the stalled one cannot overwrite what the other recorded', async () => {
  const slow = stalled('twilio');
  const other = scripted('webhook', ['down']);
  // The stalled send must outlive the lease without the send timeout cutting it short.
  const { dispatcherWith, enqueue, read, clock, store } = await setup([], false, { sendTimeoutMs: 600_000 });
  const first = dispatcherWith([slow]);
  const second = dispatcherWith([other]);
  await enqueue('m-takeover');
  const firstRound = first.runOnce();
  await slow.called;
  clock.offsetMs += settings.leaseMs + 1;
  // The second instance takes the message over once the lease ran out; its sender fails, so the
  // message waits for a retry with no lease.
  await second.runOnce();
  assert.equal(other.calls.length, 1, 'taken over after the lease');
  const afterTakeover = await read('m-takeover');
  assert.equal(afterTakeover.message.status, 'pending');
  // The stalled dispatcher's send now answers: its record comes with a lease the message no longer has.
  slow.answer();
  await firstRound;
  const { message, attempts } = await read('m-takeover');
  assert.equal(message.status, 'pending', 'the stale dispatcher did not mark it sent');
  assert.equal(message.sender, null);
  assert.equal(message.providerMessageId, null);
  assert.deepEqual(message.nextAttemptAt, afterTakeover.message.nextAttemptAt, 'the retry time the second one set stands');
  // Both tries are on record (ordered by when each began), the stale one included.
  assert.deepEqual(attempts, [
    [1, 'twilio', 'sent'],
    [2, 'webhook', 'error'],
  ]);
  await store.close();
});
