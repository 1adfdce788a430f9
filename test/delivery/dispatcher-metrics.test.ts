import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { OffsetClock } from '../../src/domain/clock.js';
import { queuedMessage } from '../../src/domain/messages/message.js';
import { Dispatcher, type DeliverySettings } from '../../src/delivery/dispatcher.js';
import { SendError, type SmsSender } from '../../src/delivery/sender.js';
import { DEFAULT_TEMPLATES } from '../../src/delivery/template.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { openSqliteStore } from '../../src/storage/sqlite/index.js';
import { parseMetrics, metricValue } from '../helpers/prometheus.js';

const COOLDOWN_MS = 100;

const settings: DeliverySettings = {
  maxRounds: 3,
  retryBaseMs: 1000,
  retryMaxMs: 60_000,
  leaseMs: 30_000,
  sendTimeoutMs: 1000,
  pollMs: 1_000_000,
  breakerThreshold: 3,
  breakerCooldownMs: COOLDOWN_MS,
};

/** A provider that is down until told otherwise; a refusal when asked. */
function provider(name: string) {
  const state = { mode: 'down' as 'down' | 'up' | 'refuse', calls: 0 };
  const sender: SmsSender = {
    name,
    async send() {
      state.calls++;
      if (state.mode === 'up') return { providerMessageId: `${name}-${state.calls}` };
      if (state.mode === 'refuse') throw new SendError('number not in service', false, 'isv.MOBILE_NUMBER_ILLEGAL');
      throw new SendError('upstream answered 503', true, '503');
    },
  };
  return { sender, state };
}

test('delivery outcomes by sender and each circuit state (0 closed, 1 open, 2 half-open) are in the metrics', async () => {
  const { store } = await openSqliteStore({ path: undefined, secret: 'dispatcher-metrics-secret-0123456789abc' });
  const clock = new OffsetClock();
  let wallMs = Date.now();
  const metrics = createMetrics({ actions: [] });
  const flaky = provider('twilio');
  const backup = provider('webhook');
  backup.state.mode = 'up';
  const dispatcher = new Dispatcher({
    store,
    senders: [flaky.sender, backup.sender],
    emailSenders: [],
    publicUrl: () => 'http://127.0.0.1:8080',
    clock,
    log: pino({ level: 'silent' }),
    maskDelivered: false,
    template: DEFAULT_TEMPLATES.en,
    settings,
    metrics: metrics.delivery,
    // The circuits' time moves only when the test says: a slow machine must not end a cooldown early.
    wallClock: { now: () => new Date(wallMs) },
  });
  metrics.watch({ circuits: () => dispatcher.circuitStates() });
  let serial = 0;
  const enqueue = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const now = clock.now();
      const id = `m${++serial}`;
      await store.transaction((tx) =>
        tx.outbox.enqueue(
          queuedMessage(
            { id, accountId: '1000000000000001', code: '246810', validitySeconds: 600, at: now },
            { channel: 'sms', purpose: 'EnableRD', phone: '1-2025550123' },
          ),
        ),
      );
    }
  };
  const scrape = async () => parseMetrics(await metrics.render());
  const circuit = async (sender: string) => metricValue(await scrape(), 'canopy_delivery_circuit_state', { channel: 'sms', sender });
  const attempts = async (sender: string, outcome: string) =>
    metricValue(await scrape(), 'canopy_delivery_attempts_total', { channel: 'sms', sender, outcome }) ?? 0;
  try {
    assert.equal(await circuit('twilio'), 0);
    assert.equal(await circuit('webhook'), 0);

    await enqueue(3);
    await dispatcher.runOnce();
    assert.equal(await circuit('twilio'), 1, 'three failures in a row open it');
    assert.equal(await circuit('webhook'), 0);
    assert.equal(await attempts('twilio', 'error'), 3);
    assert.equal(await attempts('webhook', 'sent'), 3);

    await enqueue(2);
    await dispatcher.runOnce();
    assert.equal(await attempts('twilio', 'skipped'), 2);
    assert.equal(await attempts('webhook', 'sent'), 5);
    assert.equal(metricValue(await scrape(), 'canopy_delivery_messages_total', { channel: 'sms', fate: 'sent' }), 5);

    wallMs += COOLDOWN_MS - 1;
    assert.equal(await circuit('twilio'), 1, 'open until its cooldown has passed');
    wallMs += 1;
    assert.equal(await circuit('twilio'), 2, 'after the cooldown one message may try it');
    flaky.state.mode = 'up';
    await enqueue(1);
    await dispatcher.runOnce();
    assert.equal(await circuit('twilio'), 0, 'a success closes it');
    assert.equal(await attempts('twilio', 'sent'), 1);

    flaky.state.mode = 'refuse';
    backup.state.mode = 'refuse';
    await enqueue(1);
    await dispatcher.runOnce();
    assert.equal(await attempts('twilio', 'refused'), 1);
    assert.equal(metricValue(await scrape(), 'canopy_delivery_messages_total', { channel: 'sms', fate: 'failed' }), 1);
    assert.equal(await circuit('twilio'), 0, 'a refusal means the provider answers');
  } finally {
    await dispatcher.stop();
    await store.close();
  }
});
