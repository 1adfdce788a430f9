import assert from 'node:assert/strict';
import { contract } from './engines.js';
import { MINUTE, at } from './fixtures.js';

const KEY = 'LTAIcontractNonceKey0001';
const OTHER_KEY = 'LTAIcontractNonceKey0002';
const WINDOW = 15 * MINUTE;

contract('NonceStore', (ctx) => {
  /** A request signed at `signedAt` whose nonce is kept until `expiresAt` (the pipeline's window after it, or after its arrival). */
  const claim = (nonce: string, signedAt = at(0), key = KEY, expiresAt = new Date(signedAt.getTime() + WINDOW)) =>
    ctx.tx((tx) => tx.nonces.claim(key, nonce, signedAt, expiresAt).value());
  /** A request whose nonce is kept until `expiresAt`, signed a window before. */
  const expiring = (nonce: string, expiresAt: Date, key = KEY) => claim(nonce, new Date(expiresAt.getTime() - WINDOW), key, expiresAt);

  ctx.test('a nonce is claimed once per AccessKey', async () => {
    assert.equal(await claim('n-1'), true);
    assert.equal(await claim('n-1'), false, 'a replay');
    assert.equal(await claim('n-1', at(0), KEY, at(30 * MINUTE)), false, 'a replay arriving later, so kept longer');
    assert.equal(await claim('n-1', at(0), OTHER_KEY), true, 'the same nonce under another key');
    assert.equal(await claim('n-2'), true);
  });

  ctx.test('the same nonce signed anew is refused a minute either side; further away it is a new request', async () => {
    // T0 is 08:00:00.123: the minutes below are 08:00, 08:00, 08:01, 07:59, then 08:02 and 08:03.
    assert.equal(await claim('n-near', at(0)), true);
    assert.equal(await claim('n-near', at(59_000)), false, 'the same minute');
    assert.equal(await claim('n-near', at(61_000)), false, 'the next minute');
    assert.equal(await claim('n-near', at(-30_000)), false, 'the minute before');
    assert.equal(await claim('n-near', at(2 * MINUTE)), true, 'two minutes on: not a replay, which repeats its timestamp');
    assert.equal(await claim('n-near', at(3 * MINUTE)), false, 'a minute after that one');
  });

  ctx.test('nonces are compared exactly', async () => {
    assert.equal(await claim('abcDEF'), true);
    assert.equal(await claim('abcdef'), true, 'case matters');
    assert.equal(await claim('abcDEF '), true, 'trailing space matters');
    assert.equal(await claim('abcDEF'), false);
  });

  ctx.test('claim is single-use under 100 concurrent transactions', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, () => claim('n-race')));
    assert.equal(answers.filter(Boolean).length, 1);
    assert.equal(await claim('n-race'), false);
  });

  ctx.test('claim is single-use when one transaction claims twice', async () => {
    const answers = await ctx.tx(async (tx) => [
      await tx.nonces.claim(KEY, 'n-twice', at(MINUTE), at(MINUTE)).value(),
      await tx.nonces.claim(KEY, 'n-twice', at(MINUTE), at(MINUTE)).value(),
    ]);
    assert.deepEqual(answers, [true, false]);
  });

  ctx.test('a claim undone with its transaction can be made again', async () => {
    await assert.rejects(
      ctx.tx(async (tx) => {
        assert.equal(await tx.nonces.claim(KEY, 'n-undone', at(MINUTE), at(MINUTE)).value(), true);
        throw new Error('signature check failed afterwards');
      }),
      /signature check failed/,
    );
    assert.equal(await claim('n-undone'), true);
  });

  ctx.test("the retention job's prune forgets only nonces whose window has passed and says how many", async () => {
    await expiring('early', at(1 * MINUTE));
    await expiring('middle', at(5 * MINUTE));
    await expiring('late', at(10 * MINUTE));
    await expiring('other-key', at(2 * MINUTE), OTHER_KEY);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneNonces(at(0), 1000)), 0);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneNonces(at(3 * MINUTE), 1000)), 2);
    // Pruned nonces could be claimed again (here kept longer this time); the rest are still replays.
    assert.equal(await claim('early', at(1 * MINUTE - WINDOW), KEY, at(20 * MINUTE)), true);
    assert.equal(await claim('other-key', at(2 * MINUTE - WINDOW), OTHER_KEY, at(20 * MINUTE)), true);
    assert.equal(await expiring('middle', at(5 * MINUTE)), false);
    assert.equal(await expiring('late', at(10 * MINUTE)), false);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneNonces(at(10 * MINUTE + 1), 1000)), 2, 'middle and late');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneNonces(at(10 * MINUTE + 1), 1000)), 0, 'nothing twice');
    assert.equal(await expiring('late', at(10 * MINUTE)), true);
  });

  // Only engines that keep data across a reopen can show it; the others list it as a skip.
  ctx.test(
    'claimed nonces survive reopening a durable engine',
    { skip: ctx.engine.durable ? false : 'this engine keeps nothing across a reopen' },
    async () => {
      await claim('n-durable');
      const store = await ctx.reopen();
      assert.equal(await store.transaction((tx) => tx.nonces.claim(KEY, 'n-durable', at(MINUTE), at(MINUTE)).value()), false);
    },
  );
});
