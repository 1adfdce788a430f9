import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { OffsetClock, systemClock } from '../../src/domain/clock.js';
import { queuedMessage } from '../../src/domain/messages/message.js';
import type { OutboxHandoff } from '../../src/domain/messages/store.js';
import { Dispatcher, type DeliverySettings, MAX_HANDED } from '../../src/delivery/dispatcher.js';
import type { Delivery, SmsSender } from '../../src/delivery/sender.js';
import { DEFAULT_TEMPLATES } from '../../src/delivery/template.js';
import { openSqliteStore } from '../../src/storage/sqlite/index.js';

const settings: DeliverySettings = {
  maxRounds: 3,
  retryBaseMs: 1000,
  retryMaxMs: 60_000,
  leaseMs: 30_000,
  sendTimeoutMs: 10_000,
  // No poll ever comes: whatever is delivered was handed over.
  pollMs: 3_600_000,
  breakerThreshold: 3,
  breakerCooldownMs: 60_000,
};

/** A sender that answers when `release` is called (at once when `held` is false). */
function gate(held: boolean) {
  const calls: Delivery[] = [];
  const waiting: (() => void)[] = [];
  const sender: SmsSender = {
    name: 'gateway',
    async send(delivery) {
      calls.push(delivery);
      if (held) await new Promise<void>((resolve) => waiting.push(resolve));
      return { providerMessageId: `gw-${calls.length}` };
    },
  };
  return {
    sender,
    calls,
    release: () => {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

/** A store whose messages are handed to a dispatcher, as the server wires them (src/main.ts). */
async function setup(sender: SmsSender) {
  const clock = new OffsetClock();
  const handoff: OutboxHandoff = { leaseMs: settings.leaseMs, take: (m, leaseUntil) => dispatcher.take(m, leaseUntil) };
  const { store } = await openSqliteStore({ path: undefined, secret: 'handoff-tests-secret-0123456789abcdef', handoff });
  const dispatcher = new Dispatcher({
    store,
    senders: [sender],
    emailSenders: [],
    publicUrl: () => 'http://127.0.0.1:8080',
    clock,
    wallClock: systemClock,
    log: pino({ level: 'silent' }),
    maskDelivered: false,
    template: DEFAULT_TEMPLATES.en,
    settings,
  });
  let n = 0;
  const enqueue = () => {
    const m = queuedMessage(
      { id: `msg-${++n}`, accountId: '1000000000000001', code: '246810', validitySeconds: 600, at: clock.now() },
      { channel: 'sms', purpose: 'EnableRD', phone: '1-2025550123' },
    );
    return store.transaction((tx) => tx.outbox.enqueue(m)).then(() => m.id);
  };
  const read = (id: string) =>
    store.transaction(async (tx) => ({
      status: (await tx.outbox.list({}, 1000)).find((m) => m.id === id)!.status,
      attempts: (await tx.outbox.attempts(id)).map((a) => [a.round, a.outcome]),
    }));
  const until = async (done: () => boolean | Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${done}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  return { clock, store, dispatcher, enqueue, read, until };
}

test('a queued message goes out at once, in one round, without a poll or a claim', async () => {
  const { sender, calls } = gate(false);
  const { store, dispatcher, enqueue, read, until } = await setup(sender);
  dispatcher.start();
  const id = await enqueue();
  await until(async () => (await read(id)).status === 'sent');
  assert.equal(calls.length, 1);
  assert.match(calls[0]!.text, /246810/);
  assert.deepEqual(await read(id), { status: 'sent', attempts: [[1, 'sent']] });
  await dispatcher.stop();
  await store.close();
});

test('before start a handed message is left to its lease, then claimed as usual (its second round)', async () => {
  const { sender, calls } = gate(false);
  const { clock, store, dispatcher, enqueue, read } = await setup(sender);
  const id = await enqueue();
  await dispatcher.runOnce();
  assert.equal(calls.length, 0, 'held for the handed-over round, so no claim takes it yet');
  clock.offsetMs += settings.leaseMs;
  await dispatcher.runOnce();
  assert.equal(calls.length, 1);
  assert.deepEqual(await read(id), { status: 'sent', attempts: [[2, 'sent']] });
  await store.close();
});

test('stop waits for the handed rounds under way; after it, a handed message is left to its lease', async () => {
  const { sender, calls, release } = gate(true);
  const { store, dispatcher, enqueue, read, until } = await setup(sender);
  dispatcher.start();
  const id = await enqueue();
  await until(() => calls.length === 1);
  let stopped = false;
  const stopping = dispatcher.stop().then(() => {
    stopped = true;
  });
  const late = await enqueue();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(stopped, false, 'stop returned with a round under way');
  release();
  await stopping;
  assert.deepEqual(await read(id), { status: 'sent', attempts: [[1, 'sent']] });
  assert.equal(calls.length, 1, 'nothing taken while stopping');
  assert.deepEqual(await read(late), { status: 'pending', attempts: [] });
  await store.close();
});

test(`at most ${MAX_HANDED} handed messages are in hand, waiting or on their way; the next waits for its lease`, async () => {
  const { sender, calls, release } = gate(true);
  const { clock, store, dispatcher, enqueue, read, until } = await setup(sender);
  dispatcher.start();
  const first = await enqueue();
  await until(() => calls.length === 1);
  // One on its way, as many more as may wait, and one too many.
  const waiting = await Promise.all(Array.from({ length: MAX_HANDED }, () => enqueue()));
  const last = waiting.pop()!;
  release();
  await until(() => calls.length === MAX_HANDED);
  release();
  for (const id of [first, ...waiting]) await until(async () => (await read(id)).status === 'sent');
  assert.equal(calls.length, MAX_HANDED);
  assert.deepEqual(await read(last), { status: 'pending', attempts: [] });
  clock.offsetMs += settings.leaseMs;
  const claimed = dispatcher.runOnce();
  await until(() => calls.length === MAX_HANDED + 1);
  release();
  await claimed;
  assert.deepEqual(await read(last), { status: 'sent', attempts: [[2, 'sent']] });
  await dispatcher.stop();
  await store.close();
});

test('messages handed over while a batch is on its way go together, once it is done', async () => {
  const { sender, calls, release } = gate(true);
  const { store, dispatcher, enqueue, read, until } = await setup(sender);
  dispatcher.start();
  const first = await enqueue();
  await until(() => calls.length === 1);
  const later = await Promise.all([enqueue(), enqueue(), enqueue()]);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(calls.length, 1, 'the later messages wait for the batch on its way');
  release();
  await until(() => calls.length === 4);
  assert.deepEqual(
    calls.slice(1).map((c) => c.messageId),
    later,
  );
  release();
  for (const id of [first, ...later]) await until(async () => (await read(id)).status === 'sent');
  await dispatcher.stop();
  await store.close();
});
