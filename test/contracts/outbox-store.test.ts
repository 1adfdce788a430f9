import assert from 'node:assert/strict';
import type { MessageFilter, OutboxMessage } from '../../src/domain/messages/message.js';
import { contract } from './engines.js';
import { at, emailMessage, message, MINUTE } from './fixtures.js';

const DAY = 24 * 60 * MINUTE;

const A = '1000000000000001';
const B = '1000000000000002';
const US = '1-2025550123';
const UK = '44-7911123456';

const ids = (messages: readonly OutboxMessage[]) => messages.map((m) => m.id);

contract('OutboxStore', (ctx) => {
  const enqueueAll = (messages: readonly OutboxMessage[]) =>
    ctx.tx(async (tx) => {
      for (const m of messages) await tx.outbox.enqueue(m);
    });

  ctx.test('enqueue then list returns the message as stored', async () => {
    const m = message({ createdAt: at(17), validitySeconds: 300, code: '004213' });
    await enqueueAll([m]);
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.list({}, 10)), [m]);
  });

  ctx.test('list is newest first, with the later of two same-instant messages first, and honours the limit', async () => {
    const m1 = message({ createdAt: at(1000) });
    const m2 = message({ createdAt: at(3000) });
    const m3 = message({ createdAt: at(2000) });
    const tieFirst = message({ createdAt: at(4000) });
    const tieSecond = message({ createdAt: at(4000) });
    await enqueueAll([m1, m2, m3, tieFirst]);
    await enqueueAll([tieSecond]);
    const all = await ctx.tx((tx) => tx.outbox.list({}, 100));
    assert.deepEqual(ids(all), ids([tieSecond, tieFirst, m2, m3, m1]));
    assert.deepEqual(ids(await ctx.tx((tx) => tx.outbox.list({}, 2))), ids([tieSecond, tieFirst]));
  });

  ctx.test('list filters by phone, account and purpose, alone and together', async () => {
    const aUs = message({ accountId: A, phone: US, createdAt: at(1) });
    const aUk = message({ accountId: A, phone: UK, createdAt: at(2) });
    const bUs = message({ accountId: B, phone: US, createdAt: at(3) });
    const aUsBind = message({ accountId: A, phone: US, purpose: 'BindSecureMobilePhone', createdAt: at(4) });
    await enqueueAll([aUs, aUk, bUs, aUsBind]);
    const list = (filter: MessageFilter) => ctx.tx((tx) => tx.outbox.list(filter, 100)).then(ids);
    assert.deepEqual(await list({}), ids([aUsBind, bUs, aUk, aUs]));
    assert.deepEqual(await list({ phone: US }), ids([aUsBind, bUs, aUs]));
    assert.deepEqual(await list({ accountId: A }), ids([aUsBind, aUk, aUs]));
    assert.deepEqual(await list({ purpose: 'EnableRD' }), ids([bUs, aUk, aUs]));
    assert.deepEqual(await list({ phone: US, accountId: A }), ids([aUsBind, aUs]));
    assert.deepEqual(await list({ phone: US, accountId: A, purpose: 'EnableRD' }), ids([aUs]));
    assert.deepEqual(await list({ phone: UK, accountId: B }), []);
    assert.deepEqual(await list({ phone: '1-202555012' }), [], 'phones match exactly, not by prefix');
  });

  ctx.test('emails and SMS share the outbox: each round-trips with its recipient; channel, phone and email filter', async () => {
    const sms = message({ accountId: A, phone: US, createdAt: at(1) });
    const mail = emailMessage({ accountId: A, email: 'owner@example.com', createdAt: at(2) });
    const otherMail = emailMessage({ accountId: B, email: 'someone@example.com', createdAt: at(3) });
    await enqueueAll([sms, mail, otherMail]);
    const list = (filter: MessageFilter) => ctx.tx((tx) => tx.outbox.list(filter, 100));
    assert.deepEqual(await list({}), [otherMail, mail, sms]);
    assert.deepEqual(ids(await list({ channel: 'email' })), ids([otherMail, mail]));
    assert.deepEqual(ids(await list({ channel: 'sms' })), ids([sms]));
    assert.deepEqual(ids(await list({ email: 'owner@example.com' })), ids([mail]));
    assert.deepEqual(ids(await list({ phone: US })), ids([sms]), 'a phone never matches an email');
    assert.deepEqual(ids(await list({ accountId: A, purpose: 'ChangeAccountEmail' })), ids([mail]));
    assert.deepEqual(ids(await list({ channel: 'sms', email: 'owner@example.com' })), []);
  });

  ctx.test('an email is claimed like an SMS, and its token is masked once sent when asked', async () => {
    const mail = emailMessage({ code: 'secret-token-value-0123456789abcdefghijklmno' });
    await enqueueAll([mail]);
    const [claimed] = await ctx.tx((tx) => tx.outbox.claim(at(DAY), at(DAY + MINUTE), 10));
    assert.deepEqual(claimed, { ...mail, attempts: 1 });
    await ctx.tx((tx) => tx.outbox.markSent(mail.id, 'smtp', at(DAY), true, '<id@example.com>', at(DAY + MINUTE)));
    const [after] = await ctx.tx((tx) => tx.outbox.list({ channel: 'email' }, 10));
    assert.deepEqual(after, {
      ...mail,
      attempts: 1,
      code: '******',
      status: 'sent',
      sender: 'smtp',
      sentAt: at(DAY),
      providerMessageId: '<id@example.com>',
    });
  });

  /** What a dispatcher would take now (far in the future: everything due), held for a minute. */
  const due = (limit: number) => ctx.tx((tx) => tx.outbox.claim(at(DAY), at(DAY + MINUTE), limit));

  ctx.test('claim takes only pending messages, oldest first, up to the limit', async () => {
    const old = message({ createdAt: at(1000) });
    const mid = message({ createdAt: at(2000) });
    const sent = message({ createdAt: at(500), status: 'sent', sentAt: at(600), sender: 'inbox' });
    const failed = message({ createdAt: at(700), status: 'failed', sentAt: at(800) });
    const recent = message({ createdAt: at(3000) });
    await enqueueAll([recent, mid, sent, old, failed]);
    assert.deepEqual(ids(await due(2)), ids([old, mid]));
    assert.deepEqual(ids(await due(100)), ids([recent]), 'the first two are held');
  });

  ctx.test('markSent records sender and time, keeps the code unless asked to mask it', async () => {
    const kept = message({ code: '111111' });
    const masked = message({ code: '222222' });
    await enqueueAll([kept, masked]);
    await ctx.tx(async (tx) => {
      await tx.outbox.markSent(kept.id, 'inbox', at(5000), false);
      await tx.outbox.markSent(masked.id, 'log', at(6000), true);
    });
    const byId = new Map((await ctx.tx((tx) => tx.outbox.list({}, 10))).map((m) => [m.id, m]));
    assert.deepEqual(byId.get(kept.id), { ...kept, status: 'sent', sender: 'inbox', sentAt: at(5000) });
    const after = byId.get(masked.id)!;
    assert.equal(after.status, 'sent');
    assert.equal(after.sender, 'log');
    assert.equal(after.sentAt?.getTime(), at(6000).getTime());
    assert.notEqual(after.code, '222222', 'the code is masked');
    assert.doesNotMatch(after.code, /\d/, 'no digit of the code is left');
    assert.equal(after.code.length > 0, true);
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.claim(at(DAY), at(DAY + MINUTE), 10)), []);
  });

  ctx.test('markFailed records the time, masks the code only when asked, and takes the message out of pending', async () => {
    const failing = message();
    const masked = message({ code: '555555' });
    const waiting = message({ createdAt: at(1) });
    await enqueueAll([failing, masked, waiting]);
    await ctx.tx((tx) => tx.outbox.markFailed(failing.id, at(9000), false));
    await ctx.tx((tx) => tx.outbox.markFailed(masked.id, at(9000), true));
    const byId = new Map((await ctx.tx((tx) => tx.outbox.list({}, 10))).map((m) => [m.id, m]));
    assert.deepEqual(byId.get(failing.id), { ...failing, status: 'failed', sentAt: at(9000) });
    assert.deepEqual(byId.get(masked.id), { ...masked, code: '******', status: 'failed', sentAt: at(9000) });
    assert.deepEqual(ids(await ctx.tx((tx) => tx.outbox.claim(at(DAY), at(DAY + MINUTE), 10))), [waiting.id]);
  });

  ctx.test('a delivered or failed message is not marked again', async () => {
    const sent = message({ code: '333333' });
    const failed = message({ code: '444444' });
    await enqueueAll([sent, failed]);
    await ctx.tx(async (tx) => {
      await tx.outbox.markSent(sent.id, 'inbox', at(1000), false);
      await tx.outbox.markFailed(failed.id, at(1000), false);
    });
    await ctx.tx(async (tx) => {
      await tx.outbox.markFailed(sent.id, at(2000), true);
      await tx.outbox.markSent(sent.id, 'log', at(2000), true);
      await tx.outbox.markSent(failed.id, 'log', at(2000), true);
    });
    const byId = new Map((await ctx.tx((tx) => tx.outbox.list({}, 10))).map((m) => [m.id, m]));
    assert.deepEqual(byId.get(sent.id), { ...sent, status: 'sent', sender: 'inbox', sentAt: at(1000) });
    assert.deepEqual(byId.get(failed.id), { ...failed, status: 'failed', sentAt: at(1000) });
  });

  ctx.test('claim holds a message until its lease runs out, respects the retry time, and counts rounds', async () => {
    const m = message({ createdAt: at(0) });
    await enqueueAll([m]);
    const first = await ctx.tx((tx) => tx.outbox.claim(at(1000), at(61_000), 10));
    assert.deepEqual(first, [{ ...m, attempts: 1 }]);
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.claim(at(30_000), at(90_000), 10)), [], 'held by the first claim');
    const again = await ctx.tx((tx) => tx.outbox.claim(at(61_000), at(121_000), 10));
    assert.deepEqual(ids(again), [m.id], 'a lapsed lease frees it (a crashed dispatcher)');
    assert.equal(again[0]!.attempts, 2);
    await ctx.tx((tx) => tx.outbox.retryAt(m.id, at(200_000)));
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.claim(at(199_999), at(300_000), 10)), [], 'not before its retry time');
    const third = await ctx.tx((tx) => tx.outbox.claim(at(200_000), at(300_000), 10));
    assert.deepEqual(
      third.map((x) => [x.id, x.attempts, x.nextAttemptAt.getTime()]),
      [[m.id, 3, at(200_000).getTime()]],
    );
  });

  /** A message claimed by one dispatcher until 10 s, then, that lease run out, by another until 70 s. */
  const takenOver = async () => {
    const m = message({ createdAt: at(0) });
    await enqueueAll([m]);
    const staleLease = at(10_000);
    const freshLease = at(70_000);
    await ctx.tx((tx) => tx.outbox.claim(at(1), staleLease, 10));
    assert.equal((await ctx.tx((tx) => tx.outbox.claim(at(10_000), freshLease, 10))).length, 1, 'taken over after the lease');
    return { m, staleLease, freshLease };
  };

  ctx.test('a dispatcher whose lease ran out cannot overwrite the one that took the message over', async () => {
    const { m, staleLease, freshLease } = await takenOver();
    await ctx.tx(async (tx) => {
      await tx.outbox.retryAt(m.id, at(11_000), staleLease);
      await tx.outbox.markFailed(m.id, at(11_000), true, 'abandoned', staleLease);
    });
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.claim(at(20_000), at(80_000), 10)), [], 'the stale retry did not free the message');
    await ctx.tx((tx) => tx.outbox.markSent(m.id, 'webhook', at(30_000), false, 'gw-1', freshLease));
    const [read] = await ctx.tx((tx) => tx.outbox.list({}, 10));
    assert.equal(read!.status, 'sent');
    assert.equal(read!.providerMessageId, 'gw-1');
  });

  ctx.test('markSent with a lease the message no longer has is refused; with its current lease it applies', async () => {
    const { m, staleLease, freshLease } = await takenOver();
    await ctx.tx((tx) => tx.outbox.markSent(m.id, 'twilio', at(11_000), true, 'stale-1', staleLease));
    const [untouched] = await ctx.tx((tx) => tx.outbox.list({}, 10));
    assert.equal(untouched!.status, 'pending');
    assert.equal(untouched!.sender, null);
    assert.equal(untouched!.providerMessageId, null);
    assert.equal(untouched!.sentAt, null);
    assert.equal(untouched!.code, m.code, 'not masked by the refused update');
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.claim(at(20_000), at(80_000), 10)), [], 'still held by the fresh lease');
    await ctx.tx((tx) => tx.outbox.markSent(m.id, 'webhook', at(30_000), false, 'gw-1', freshLease));
    const [sent] = await ctx.tx((tx) => tx.outbox.list({}, 10));
    assert.equal(sent!.status, 'sent');
    assert.equal(sent!.sender, 'webhook');
    assert.equal(sent!.providerMessageId, 'gw-1');
    assert.deepEqual(sent!.sentAt, at(30_000));
  });

  ctx.test('concurrent claims never hand one message to two dispatchers', async () => {
    const all = Array.from({ length: 20 }, (_, i) => message({ createdAt: at(i) }));
    await enqueueAll(all);
    const batches = await Promise.all(Array.from({ length: 10 }, () => ctx.tx((tx) => tx.outbox.claim(at(DAY), at(DAY + MINUTE), 3))));
    const taken = batches.flatMap(ids);
    assert.equal(new Set(taken).size, taken.length, 'no message twice');
    assert.equal(taken.length, 20);
  });

  ctx.test('attempts are recorded per message in order; provider IDs and later statuses are kept', async () => {
    const m = message();
    await enqueueAll([m]);
    const attempt = (sender: string, outcome: 'sent' | 'error', ms: number) => ({
      messageId: m.id,
      round: 1,
      sender,
      outcome,
      providerMessageId: outcome === 'sent' ? 'SM123' : null,
      error: outcome === 'error' ? '503: upstream down' : null,
      at: at(ms),
      ms: 5,
    });
    await ctx.tx(async (tx) => {
      await tx.outbox.recordAttempt(attempt('twilio', 'error', 1));
      await tx.outbox.recordAttempt(attempt('webhook', 'sent', 2));
      await tx.outbox.markSent(m.id, 'webhook', at(3), false, 'SM123');
    });
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.attempts(m.id)), [attempt('twilio', 'error', 1), attempt('webhook', 'sent', 2)]);
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.attempts('msg-other')), []);
    assert.equal(await ctx.tx((tx) => tx.outbox.setDeliveryStatus('SM123', 'delivered')), true);
    assert.equal(await ctx.tx((tx) => tx.outbox.setDeliveryStatus('SM-unknown', 'delivered')), false);
    assert.equal(await ctx.tx((tx) => tx.outbox.setDeliveryStatus('SM123', 'sent')), false, 'a late, older status is ignored');
    const [read] = await ctx.tx((tx) => tx.outbox.list({}, 10));
    assert.deepEqual(read, {
      ...m,
      status: 'sent',
      sender: 'webhook',
      sentAt: at(3),
      providerMessageId: 'SM123',
      deliveryStatus: 'delivered',
    });
  });

  ctx.test('markFailed can abandon a message', async () => {
    const m = message();
    await enqueueAll([m]);
    await ctx.tx((tx) => tx.outbox.markFailed(m.id, at(5), true, 'abandoned'));
    const [read] = await ctx.tx((tx) => tx.outbox.list({}, 10));
    assert.deepEqual(read, { ...m, status: 'abandoned', sentAt: at(5), code: '******' });
  });

  ctx.test('backlog counts the pending messages, of both channels, and when the oldest was queued', async () => {
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.backlog()), { pending: 0, oldestCreatedAt: null });
    const oldest = message({ createdAt: at(2000) });
    const newer = emailMessage({ createdAt: at(5000) });
    const delivered = message({ createdAt: at(1000) });
    const failed = message({ createdAt: at(1500) });
    await enqueueAll([newer, oldest, delivered, failed]);
    await ctx.tx(async (tx) => {
      await tx.outbox.markSent(delivered.id, 'inbox', at(3000), false);
      await tx.outbox.markFailed(failed.id, at(3000), false);
    });
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.backlog()), { pending: 2, oldestCreatedAt: at(2000) });
    // A message leased to a dispatcher, or waiting for its next round, is still pending.
    await ctx.tx((tx) => tx.outbox.claim(at(6000), at(60_000), 10));
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.backlog()), { pending: 2, oldestCreatedAt: at(2000) });
    await ctx.tx((tx) => tx.outbox.markSent(oldest.id, 'inbox', at(7000), false, null, at(60_000)));
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.backlog()), { pending: 1, oldestCreatedAt: at(5000) });
  });

  ctx.test('clear removes every message', async () => {
    await enqueueAll([message(), message({ status: 'sent', sentAt: at(1), sender: 'inbox' })]);
    await ctx.tx((tx) => tx.outbox.clear());
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.list({}, 10)), []);
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.claim(at(DAY), at(DAY + MINUTE), 10)), []);
  });

  ctx.test('message IDs are unique', async () => {
    const m = message();
    await enqueueAll([m]);
    await assert.rejects(enqueueAll([message({ id: m.id, code: '999999' })]));
    assert.deepEqual(await ctx.tx((tx) => tx.outbox.list({}, 10)), [m]);
  });

  // Only engines that keep data across a reopen can show it; the others list it as a skip.
  ctx.test(
    'pending messages survive reopening a durable engine',
    { skip: ctx.engine.durable ? false : 'this engine keeps nothing across a reopen' },
    async () => {
      const m = message();
      await enqueueAll([m]);
      const store = await ctx.reopen();
      assert.deepEqual(await store.transaction((tx) => tx.outbox.claim(at(DAY), at(DAY + MINUTE), 10)), [{ ...m, attempts: 1 }]);
    },
  );

  ctx.test(
    'codes and tokens are sealed at rest, pending, claimed and delivered, yet read back in clear',
    { skip: ctx.engine.durable ? false : 'this engine keeps nothing across a reopen' },
    async () => {
      const sms = message({ code: '271828' });
      const mail = emailMessage({ code: 'VG9rZW5UaGF0TXVzdE5vdEJlT25EaXNrSW5DbGVhcjE' });
      await ctx.tx(async (tx) => {
        await tx.outbox.enqueue(sms);
        await tx.outbox.enqueue(mail);
      });
      const claimed = await ctx.tx((tx) => tx.outbox.claim(at(DAY), at(DAY + MINUTE), 10));
      assert.deepEqual(claimed.map((m) => m.code).sort(), [sms.code, mail.code].sort(), 'the dispatcher gets them in clear');
      // Emulator mode keeps them (unmasked) for the inbox: still sealed.
      await ctx.tx((tx) => tx.outbox.markSent(sms.id, 'inbox', at(DAY), false));
      await ctx.tx((tx) => tx.outbox.markSent(mail.id, 'inbox', at(DAY), false));
      const store = await ctx.reopen();
      const listed = await store.transaction((tx) => tx.outbox.list({}, 10));
      assert.deepEqual(listed.map((m) => m.code).sort(), [sms.code, mail.code].sort(), 'the inbox reads them in clear');
      const bytes = (await ctx.rawBytes())!;
      assert.ok(bytes.includes(Buffer.from(sms.id)), 'the message is in the data at rest');
      assert.equal(bytes.includes(Buffer.from(sms.code)), false, 'the code is in the data at rest');
      assert.equal(bytes.includes(Buffer.from(mail.code)), false, 'the token is in the data at rest');
    },
  );
});
