import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EmailChange } from '../../src/domain/directory/email-change-store.js';
import type { Handshake } from '../../src/domain/directory/handshake-store.js';
import type { OutboxMessage } from '../../src/domain/messages/message.js';
import { contract } from './engines.js';
import { account, at, code, directory, emailMessage, HOUR, MINUTE, message, unique } from './fixtures.js';

const DAY = 24 * HOUR;
const A = '1000000000000001';
const B = '1000000000000002';
const KEY = 'LTAIcontractRetention001';

const emailChange = (accountId: string, sentAt: number, state: EmailChange['state'], endedAt: number | null = null): EmailChange => ({
  id: unique('ec-'),
  accountId,
  email: `${unique('new')}@example.com`,
  state,
  tokenHash: unique('hash-'),
  createdAt: at(sentAt),
  sentAt: at(sentAt),
  expiresAt: at(sentAt + DAY),
  endedAt: endedAt === null ? null : at(endedAt),
});

contract('RetentionStore', (ctx) => {
  const enqueue = (...messages: OutboxMessage[]) =>
    ctx.tx(async (tx) => {
      for (const m of messages) await tx.outbox.enqueue(m);
    });
  /** Marks a message dealt with, one delivery attempt recorded for it, as the dispatcher does. */
  const deliver = (m: OutboxMessage, fate: 'sent' | 'failed' | 'abandoned') =>
    ctx.tx(async (tx) => {
      await tx.outbox.recordAttempt({
        messageId: m.id,
        round: 1,
        sender: 'inbox',
        outcome: fate === 'sent' ? 'sent' : 'refused',
        providerMessageId: null,
        error: null,
        at: m.createdAt,
        ms: 1,
      });
      if (fate === 'sent') await tx.outbox.markSent(m.id, 'inbox', m.createdAt, true);
      else await tx.outbox.markFailed(m.id, m.createdAt, true, fate);
    });
  const listed = async () => (await ctx.tx((tx) => tx.outbox.list({}, 100))).map((m) => m.id).sort();

  test('a lease is held by one holder until it runs out, and its holder renews it', async () => {
    const take = (holder: string, now: number, until: number) =>
      ctx.tx((tx) => tx.retention.takeLease('retention', holder, at(now), at(until)));
    assert.equal(await take('one', 0, 3 * MINUTE), true, 'nobody held it');
    assert.equal(await take('two', MINUTE, 4 * MINUTE), false, 'one holds it');
    assert.equal(await take('one', 2 * MINUTE, 5 * MINUTE), true, 'one renews');
    assert.equal(await take('two', 4 * MINUTE, 7 * MINUTE), false, 'the renewed lease still runs');
    assert.equal(await take('two', 5 * MINUTE, 8 * MINUTE), true, 'run out: two takes it over');
    assert.equal(await take('one', 6 * MINUTE, 9 * MINUTE), false, 'one lost it');
    assert.equal(
      await ctx.tx((tx) => tx.retention.takeLease('other-job', 'one', at(6 * MINUTE), at(9 * MINUTE))),
      true,
      'jobs are leased apart',
    );
  });

  test('of 20 holders taking a free lease at once, one gets it', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ctx.tx((tx) => tx.retention.takeLease('retention', `holder-${i}`, at(0), at(MINUTE)))),
    );
    assert.equal(answers.filter(Boolean).length, 1);
  });

  test('codes go once expired before the cutoff, used or not, and a live one stays', async () => {
    const expired = code(A, { phone: '1-2025550101', expiresAt: at(10 * MINUTE) });
    const used = code(A, { phone: '1-2025550102', expiresAt: at(20 * MINUTE), consumedAt: at(MINUTE) });
    const live = code(A, { phone: '1-2025550103', expiresAt: at(2 * HOUR) });
    const usedButLive = code(B, { expiresAt: at(2 * HOUR), consumedAt: at(MINUTE) });
    await ctx.tx(async (tx) => {
      for (const c of [expired, used, live, usedButLive]) await tx.verification.putCode(c);
    });
    assert.equal(await ctx.tx((tx) => tx.retention.pruneCodes(at(10 * MINUTE), 100)), 0, 'expiring at the cutoff is not before it');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneCodes(at(HOUR), 100)), 2);
    const left = await ctx.tx(async (tx) => [
      await tx.verification.getCode(A, 'EnableRD', expired.phone),
      await tx.verification.getCode(A, 'EnableRD', used.phone),
      await tx.verification.getCode(A, 'EnableRD', live.phone),
      await tx.verification.getCode(B, 'EnableRD', usedButLive.phone),
    ]);
    assert.deepEqual(left, [undefined, undefined, live, usedButLive]);
    // The live code still takes its tries.
    assert.equal(await ctx.tx((tx) => tx.verification.takeTry(live.id, 5, at(HOUR))), true);
  });

  test('codes go in batches of at most the limit, oldest first', async () => {
    const codes = Array.from({ length: 5 }, (_, i) => code(A, { phone: `1-202555010${i}`, expiresAt: at((5 - i) * MINUTE) }));
    await ctx.tx(async (tx) => {
      for (const c of codes) await tx.verification.putCode(c);
    });
    assert.equal(await ctx.tx((tx) => tx.retention.pruneCodes(at(HOUR), 2)), 2);
    const oldestGone = await ctx.tx((tx) => tx.verification.getCode(A, 'EnableRD', codes[4]!.phone));
    assert.equal(oldestGone, undefined, 'the first to expire went first');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneCodes(at(HOUR), 2)), 2);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneCodes(at(HOUR), 2)), 1);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneCodes(at(HOUR), 2)), 0);
  });

  test('quota counters of days before the cutoff day go; the days from it on keep counting', async () => {
    await ctx.tx(async (tx) => {
      await tx.verification.takeDailyQuota(A, 'EnableRD', '2025-02-27', 100);
      await tx.verification.takeDailyQuota(B, 'ChangeAccountEmail', '2025-02-27', 10);
      await tx.verification.takeDailyQuota(A, 'EnableRD', '2025-02-28', 100);
      await tx.verification.takeDailyQuota(A, 'EnableRD', '2025-03-01', 2);
      await tx.verification.takeDailyQuota(A, 'EnableRD', '2025-03-01', 2);
    });
    assert.equal(await ctx.tx((tx) => tx.retention.pruneQuotaDays('2025-02-28', 1)), 1, 'bounded by the limit');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneQuotaDays('2025-02-28', 100)), 1);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneQuotaDays('2025-02-28', 100)), 0);
    // Today's counter is intact: the quota of 2 is still used up.
    assert.equal(await ctx.tx((tx) => tx.verification.takeDailyQuota(A, 'EnableRD', '2025-03-01', 2)), false);
    // A pruned day would count from zero again (it is over: nobody sends on it any more).
    assert.equal(await ctx.tx((tx) => tx.verification.takeDailyQuota(A, 'EnableRD', '2025-02-27', 1)), true);
  });

  test('messages dealt with go with their attempts after the cutoff; pending and younger ones stay', async () => {
    const sent = message({ createdAt: at(0) });
    const failed = message({ createdAt: at(MINUTE) });
    const abandoned = emailMessage({ createdAt: at(2 * MINUTE) });
    const pendingOld = message({ createdAt: at(3 * MINUTE) });
    const young = message({ createdAt: at(2 * DAY) });
    await enqueue(sent, failed, abandoned, pendingOld, young);
    await deliver(sent, 'sent');
    await deliver(failed, 'failed');
    await deliver(abandoned, 'abandoned');
    await deliver(young, 'sent');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneMessages(at(DAY), 2)), 2, 'bounded by the limit');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneMessages(at(DAY), 2)), 1);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneMessages(at(DAY), 2)), 0);
    assert.deepEqual(await listed(), [pendingOld.id, young.id].sort());
    const attempts = await ctx.tx(async (tx) => [
      (await tx.outbox.attempts(sent.id)).length,
      (await tx.outbox.attempts(abandoned.id)).length,
      (await tx.outbox.attempts(young.id)).length,
    ]);
    assert.deepEqual(attempts, [0, 0, 1], 'attempts go with their message, and only with it');
    // The old pending message is still delivered as usual.
    const claimed = await ctx.tx((tx) => tx.outbox.claim(at(3 * DAY), at(3 * DAY + MINUTE), 10));
    assert.deepEqual(
      claimed.map((m) => m.id),
      [pendingOld.id],
    );
  });

  test('nonces go once their window closed before the cutoff; the others are still replays', async () => {
    await ctx.tx(async (tx) => {
      await tx.nonces.claim(KEY, 'closed-1', at(MINUTE), at(MINUTE)).value();
      await tx.nonces.claim(KEY, 'closed-2', at(2 * MINUTE), at(2 * MINUTE)).value();
      await tx.nonces.claim(KEY, 'open', at(15 * MINUTE), at(15 * MINUTE)).value();
    });
    assert.equal(await ctx.tx((tx) => tx.retention.pruneNonces(at(5 * MINUTE), 1)), 1);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneNonces(at(5 * MINUTE), 10)), 1);
    assert.equal(
      await ctx.tx((tx) => tx.nonces.claim(KEY, 'open', at(15 * MINUTE), at(15 * MINUTE)).value()),
      false,
      'still inside its window',
    );
    assert.equal(await ctx.tx((tx) => tx.nonces.claim(KEY, 'closed-1', at(20 * MINUTE), at(20 * MINUTE)).value()), true);
  });

  test('email changes go once their link expired before the cutoff, whatever became of them; a live one stays', async () => {
    const confirmed = emailChange(A, 0, 'confirmed', HOUR);
    const cancelled = emailChange(B, MINUTE, 'cancelled', 2 * MINUTE);
    const expiredPending = emailChange('1000000000000003', 2 * MINUTE, 'pending');
    const live = emailChange('1000000000000004', 3 * DAY, 'pending');
    await ctx.tx(async (tx) => {
      for (const c of [confirmed, cancelled, expiredPending, live])
        await tx.emailChanges.insertPending({ ...c, state: 'pending', endedAt: null });
      await tx.emailChanges.end(confirmed.id, 'confirmed', at(HOUR));
      await tx.emailChanges.end(cancelled.id, 'cancelled', at(2 * MINUTE));
    });
    assert.equal(await ctx.tx((tx) => tx.retention.pruneEmailChanges(at(DAY), 10)), 0, 'expiring at the cutoff is not before it');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneEmailChanges(at(2 * DAY), 2)), 2, 'bounded by the limit');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneEmailChanges(at(2 * DAY), 2)), 1);
    const left = await ctx.tx(async (tx) => [
      await tx.emailChanges.findByTokenHash(confirmed.tokenHash),
      await tx.emailChanges.findByTokenHash(expiredPending.tokenHash),
      (await tx.emailChanges.pending('1000000000000004'))?.id,
    ]);
    assert.deepEqual(left, [undefined, undefined, live.id]);
    // The account whose expired change went may start a new one.
    const next = emailChange('1000000000000003', 3 * DAY, 'pending');
    assert.equal(await ctx.tx((tx) => tx.emailChanges.insertPending(next)), true);
  });

  test('invitations go once their ExpireTime passed before the cutoff, whatever their status; a live one stays', async () => {
    const master = account();
    const rd = directory(master.id);
    const invitation = (target: string, sentAt: number): Handshake => ({
      id: unique('h-'),
      directoryId: rd.directory.id,
      masterAccountId: master.id,
      masterAccountName: 'ma@example.com',
      targetEntity: target,
      targetType: 'Account',
      targetAccountId: target,
      parentFolderId: null,
      note: '',
      tags: [],
      status: 'Pending',
      createdAt: at(sentAt),
      modifiedAt: at(sentAt),
      expiresAt: at(sentAt + 14 * DAY),
    });
    const accepted = invitation('1000000000000021', 0);
    const declined = invitation('1000000000000022', MINUTE);
    const expired = invitation('1000000000000023', 2 * MINUTE);
    const live = invitation('1000000000000024', 10 * DAY);
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(master);
      await tx.directories.insert(rd.directory, rd.root, rd.master);
      for (const h of [accepted, declined, expired, live]) await tx.handshakes.insert(h);
      await tx.handshakes.transition(accepted.id, 'Accepted', at(HOUR));
      await tx.handshakes.transition(declined.id, 'Declined', at(HOUR));
    });
    assert.equal(await ctx.tx((tx) => tx.retention.pruneHandshakes(at(14 * DAY), 10)), 0, 'expiring at the cutoff is not before it');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneHandshakes(at(15 * DAY), 2)), 2, 'bounded by the limit');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneHandshakes(at(15 * DAY), 2)), 1);
    const left = await ctx.tx(async (tx) =>
      Promise.all([accepted, declined, expired, live].map(async (h) => (await tx.handshakes.get(h.id))?.id)),
    );
    assert.deepEqual(left, [undefined, undefined, undefined, live.id]);
    assert.equal(await ctx.tx((tx) => tx.handshakes.transition(live.id, 'Accepted', at(15 * DAY))), true, 'the live one is still answered');
  });

  ctx.test('free pages go back to the file system after a prune, in steps of the limit (SQLite file)', async (t) => {
    if (ctx.engine.kind === 'postgres') {
      assert.equal(await ctx.tx((tx) => tx.retention.reclaimSpace(10)), 0, "autovacuum's work: nothing to give back here");
      return;
    }
    if (ctx.engine.kind === 'memory') return t.skip('a database in memory has no file to give pages back to');
    await ctx.tx(async (tx) => {
      for (let i = 0; i < 5000; i++) await tx.nonces.claim(KEY, `nonce-${i}-${'x'.repeat(60)}`, at(MINUTE), at(MINUTE));
    });
    const full = await ctx.tx((tx) => tx.retention.sizeBytes());
    while ((await ctx.tx((tx) => tx.retention.pruneNonces(at(HOUR), 1000))) > 0) {}
    assert.equal(await ctx.tx((tx) => tx.retention.sizeBytes()), full, 'freed pages stay in the file until given back');
    const left = await ctx.tx((tx) => tx.retention.reclaimSpace(10));
    assert.ok(left > 20, `${left} free pages left after ten went back`);
    const stepped = await ctx.tx((tx) => tx.retention.sizeBytes());
    assert.ok(stepped < full && stepped >= full - 12 * 4096, `one step: ${full} -> ${stepped} bytes`);
    assert.equal(await ctx.tx((tx) => tx.retention.reclaimSpace(left)), 0, 'the rest went back');
    const after = await ctx.tx((tx) => tx.retention.sizeBytes());
    assert.ok(after <= stepped - left * 4096, `${stepped} -> ${after} bytes`);
  });

  test("each table's size is reported with its indexes, and grows with its rows", async () => {
    const before = await ctx.store().tableBytes();
    assert.ok((before.get('nonces') ?? 0) > 0, JSON.stringify([...before]));
    assert.ok(before.has('outbox') && before.has('handshakes'));
    await ctx.tx(async (tx) => {
      for (let i = 0; i < 2000; i++) await tx.nonces.claim(KEY, `nonce-${i}-${'x'.repeat(40)}`, at(MINUTE), at(MINUTE));
    });
    const after = await ctx.store().tableBytes();
    assert.ok(after.get('nonces')! > before.get('nonces')!, `${before.get('nonces')} -> ${after.get('nonces')} bytes`);
    assert.equal(after.get('outbox'), before.get('outbox'), 'another table stays as it was');
  });

  test('the size of the data is reported and grows with it', async () => {
    const before = await ctx.tx((tx) => tx.retention.sizeBytes());
    assert.ok(before > 0, `${before} bytes`);
    await ctx.tx(async (tx) => {
      for (let i = 0; i < 2000; i++) await tx.nonces.claim(KEY, `nonce-${i}-${'x'.repeat(40)}`, at(MINUTE), at(MINUTE)).value();
    });
    const after = await ctx.tx((tx) => tx.retention.sizeBytes());
    assert.ok(after > before, `${before} -> ${after} bytes`);
  });
});
