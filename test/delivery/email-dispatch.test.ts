import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { OffsetClock, systemClock } from '../../src/domain/clock.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { type Delivery, type EmailDelivery, type EmailSender, SendError, type SmsSender } from '../../src/delivery/sender.js';
import { DEFAULT_TEMPLATES } from '../../src/delivery/template.js';
import { openSqliteStore } from '../../src/storage/sqlite/index.js';
import { emailMessage, message } from '../contracts/fixtures.js';

const TOKEN = 'dG9rZW4tZm9yLXRoZS1kaXNwYXRjaGVyLXRlc3QtMDEy';

function smsSender(calls: Delivery[]): SmsSender {
  return {
    name: 'sms-gateway',
    async send(delivery) {
      calls.push(delivery);
      return { providerMessageId: 'sms-1' };
    },
  };
}

function emailSender(calls: EmailDelivery[], outcome: 'ok' | 'refuse' | 'down'): EmailSender {
  return {
    name: 'smtp',
    async send(delivery) {
      calls.push(delivery);
      if (outcome === 'refuse') throw new SendError('smtp EENVELOPE: 550 mailbox unavailable', false, '550');
      if (outcome === 'down') throw new SendError('smtp ESOCKET: connection refused', true);
      return { providerMessageId: '<mail-1@example.com>' };
    },
  };
}

async function setup(outcome: 'ok' | 'refuse' | 'down', mask: boolean) {
  const { store } = await openSqliteStore({ path: undefined, secret: 'email-dispatch-secret-0123456789abcdefgh' });
  const clock = new OffsetClock();
  const sms: Delivery[] = [];
  const mail: EmailDelivery[] = [];
  const dispatcher = new Dispatcher({
    store,
    senders: [smsSender(sms)],
    emailSenders: [emailSender(mail, outcome)],
    publicUrl: () => 'https://rd.example.test',
    clock,
    wallClock: systemClock,
    log: pino({ level: 'silent' }),
    maskDelivered: mask,
    template: DEFAULT_TEMPLATES.en,
    settings: {
      maxRounds: 2,
      retryBaseMs: 1000,
      retryMaxMs: 10_000,
      leaseMs: 30_000,
      sendTimeoutMs: 1000,
      pollMs: 1_000_000,
      breakerThreshold: 1,
      breakerCooldownMs: 60_000,
    },
  });
  const now = clock.now();
  await store.transaction(async (tx) => {
    await tx.outbox.enqueue(message({ id: 'sms', createdAt: now, nextAttemptAt: now }));
    await tx.outbox.enqueue(emailMessage({ id: 'mail', code: TOKEN, createdAt: now, nextAttemptAt: now }));
  });
  const read = (id: string) => store.transaction(async (tx) => (await tx.outbox.list({}, 10)).find((m) => m.id === id)!);
  return { store, clock, dispatcher, sms, mail, read };
}

test('each message goes to its own channel: the SMS chain gets the SMS, the email chain the email with its link', async () => {
  const { store, dispatcher, sms, mail, read } = await setup('ok', true);
  await dispatcher.runOnce();
  assert.deepEqual(
    sms.map((d) => d.messageId),
    ['sms'],
  );
  assert.deepEqual(
    mail.map((d) => [d.messageId, d.to, d.link]),
    [['mail', 'new.owner@example.com', `https://rd.example.test/confirm-email?token=${TOKEN}`]],
  );
  const delivered = await read('mail');
  assert.deepEqual([delivered.status, delivered.sender, delivered.code], ['sent', 'smtp', '******'], 'the token is masked once sent');
  await store.close();
});

test('a permanent refusal fails the email at once; the token is masked all the same', async () => {
  const { store, dispatcher, read } = await setup('refuse', true);
  await dispatcher.runOnce();
  const failed = await read('mail');
  assert.deepEqual([failed.status, failed.code], ['failed', '******']);
  assert.equal((await read('sms')).status, 'sent');
  await store.close();
});

test("an email server that is down opens only the email chain's circuit: SMS keep flowing", async () => {
  const { store, dispatcher, read, clock } = await setup('down', false);
  await dispatcher.runOnce();
  assert.equal((await read('mail')).status, 'pending');
  await store.transaction((tx) => tx.outbox.enqueue(message({ id: 'sms-2', createdAt: clock.now(), nextAttemptAt: clock.now() })));
  await dispatcher.runOnce();
  assert.equal((await read('sms-2')).status, 'sent');
  await store.close();
});
