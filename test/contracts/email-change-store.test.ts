import assert from 'node:assert/strict';
import { type EmailChange, stateAt } from '../../src/domain/directory/email-change-store.js';
import { contract } from './engines.js';
import { account, at, HOUR, unique } from './fixtures.js';

const DAY = 24 * HOUR;
const A = '1000000000000011';
const B = '1000000000000012';

const change = (accountId: string, offsetMs = 0, overrides: Partial<EmailChange> = {}): EmailChange => ({
  id: unique('ec-'),
  accountId,
  email: `${unique('new')}@example.com`,
  state: 'pending',
  tokenHash: unique('hash-'),
  createdAt: at(offsetMs),
  sentAt: at(offsetMs),
  expiresAt: at(offsetMs + DAY),
  endedAt: null,
  ...overrides,
});

contract('EmailChangeStore', (ctx) => {
  ctx.test('insertPending round-trips; a second pending change of one account is refused, another account is not', async () => {
    const first = change(A);
    await ctx.tx(async (tx) => {
      assert.equal(await tx.emailChanges.insertPending(first), true);
      assert.equal(await tx.emailChanges.insertPending(change(A, 10)), false, 'second pending change');
      assert.equal(await tx.emailChanges.insertPending(change(B)), true, 'another account');
    });
    const read = await ctx.tx(async (tx) => ({
      pending: await tx.emailChanges.pending(A),
      latest: await tx.emailChanges.latest(A),
      byHash: await tx.emailChanges.findByTokenHash(first.tokenHash),
      none: await tx.emailChanges.findByTokenHash('no-such-hash'),
    }));
    assert.deepEqual(read, { pending: first, latest: first, byHash: first, none: undefined });
  });

  ctx.test('concurrent inserts for one account (separate transactions): exactly one pending change', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => ctx.tx((tx) => tx.emailChanges.insertPending(change(A, i)))));
    assert.equal(results.filter(Boolean).length, 1);
    assert.ok(await ctx.tx((tx) => tx.emailChanges.pending(A)));
  });

  ctx.test('expireDue records an expired pending change, so a new one can start; an unexpired one stays', async () => {
    const old = change(A, 0);
    await ctx.tx((tx) => tx.emailChanges.insertPending(old));
    await ctx.tx((tx) => tx.emailChanges.expireDue(A, at(DAY - 1)));
    assert.equal((await ctx.tx((tx) => tx.emailChanges.pending(A)))?.state, 'pending', 'not due yet');
    assert.equal(stateAt(old, at(DAY - 1)), 'pending');
    assert.equal(stateAt(old, at(DAY)), 'expired', 'reads expired once its time is up');

    await ctx.tx((tx) => tx.emailChanges.expireDue(A, at(DAY)));
    const expired = await ctx.tx((tx) => tx.emailChanges.findByTokenHash(old.tokenHash));
    assert.deepEqual(expired, { ...old, state: 'expired', endedAt: old.expiresAt });
    assert.equal(await ctx.tx((tx) => tx.emailChanges.pending(A)), undefined);
    const next = change(A, DAY + 1);
    assert.equal(await ctx.tx((tx) => tx.emailChanges.insertPending(next)), true);
    assert.equal((await ctx.tx((tx) => tx.emailChanges.latest(A)))?.id, next.id);
  });

  ctx.test('latest is the newest, and the later of two changes of one millisecond', async () => {
    const first = change(A, 5, { state: 'cancelled', endedAt: at(5) });
    const second = change(A, 5);
    await ctx.tx(async (tx) => {
      await tx.emailChanges.insertPending(first);
      await tx.emailChanges.insertPending(second);
    });
    assert.equal((await ctx.tx((tx) => tx.emailChanges.latest(A)))?.id, second.id);
    assert.equal(await ctx.tx((tx) => tx.emailChanges.latest(B)), undefined);
  });

  ctx.test('renew replaces the token and the times of a pending change only', async () => {
    const c = change(A);
    await ctx.tx((tx) => tx.emailChanges.insertPending(c));
    assert.equal(await ctx.tx((tx) => tx.emailChanges.renew(c.id, 'hash-renewed', at(HOUR), at(HOUR + DAY))), true);
    const renewed = await ctx.tx((tx) => tx.emailChanges.findByTokenHash('hash-renewed'));
    assert.deepEqual(renewed, { ...c, tokenHash: 'hash-renewed', sentAt: at(HOUR), expiresAt: at(HOUR + DAY) });
    assert.equal(await ctx.tx((tx) => tx.emailChanges.findByTokenHash(c.tokenHash)), undefined, 'the old token is gone');
    assert.equal(await ctx.tx((tx) => tx.emailChanges.renew(c.id, 'too-late', at(2 * DAY), at(3 * DAY))), false, 'expired');
    assert.equal(await ctx.tx((tx) => tx.emailChanges.end(c.id, 'cancelled', at(2 * HOUR))), true);
    assert.equal(await ctx.tx((tx) => tx.emailChanges.renew(c.id, 'after-cancel', at(3 * HOUR), at(DAY))), false, 'cancelled');
  });

  ctx.test('end: once, only while pending and unexpired; concurrent ends: exactly one wins', async () => {
    const c = change(A);
    await ctx.tx((tx) => tx.emailChanges.insertPending(c));
    const results = await Promise.all(
      (['confirmed', 'cancelled', 'confirmed', 'cancelled'] as const).map((state) =>
        ctx.tx((tx) => tx.emailChanges.end(c.id, state, at(HOUR))),
      ),
    );
    assert.equal(results.filter(Boolean).length, 1);
    const ended = await ctx.tx((tx) => tx.emailChanges.latest(A));
    assert.ok(ended && ended.state !== 'pending' && ended.endedAt?.getTime() === at(HOUR).getTime());

    const late = change(B);
    await ctx.tx((tx) => tx.emailChanges.insertPending(late));
    assert.equal(await ctx.tx((tx) => tx.emailChanges.end(late.id, 'confirmed', at(DAY))), false, 'expired changes cannot be confirmed');
  });

  ctx.test('accounts.changeLoginEmail sets the login name and security email; a taken name is refused by the unique key', async () => {
    const owner = account();
    const other = account();
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(owner);
      await tx.accounts.insert(other);
    });
    assert.equal(await ctx.tx((tx) => tx.accounts.changeLoginEmail(owner.id, 'fresh@example.com')), true);
    const read = await ctx.tx((tx) => tx.accounts.get(owner.id));
    assert.deepEqual([read?.name, read?.secureEmail], ['fresh@example.com', 'fresh@example.com']);
    assert.equal(await ctx.tx((tx) => tx.accounts.changeLoginEmail('9999999999999999', 'x@example.com')), false);
    await assert.rejects(ctx.tx((tx) => tx.accounts.changeLoginEmail(other.id, 'fresh@example.com')));
    assert.equal((await ctx.tx((tx) => tx.accounts.get(other.id)))?.name, other.name);
  });

  ctx.test('a reset empties the changes', async () => {
    await ctx.tx((tx) => tx.emailChanges.insertPending(change(A)));
    await ctx.store().reset();
    assert.equal(await ctx.tx((tx) => tx.emailChanges.latest(A)), undefined);
  });
});
