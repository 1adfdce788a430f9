import assert from 'node:assert/strict';
import { contract } from './engines.js';
import { MINUTE, at } from './fixtures.js';

const KEY = 'LTAIcontractNonceKey0001';
const OTHER_KEY = 'LTAIcontractNonceKey0002';

contract('NonceStore', (ctx) => {
  const claim = (nonce: string, expiresAt = at(15 * MINUTE), key = KEY) => ctx.tx((tx) => tx.nonces.claim(key, nonce, expiresAt).value());

  ctx.test('a nonce is claimed once per AccessKey', async () => {
    assert.equal(await claim('n-1'), true);
    assert.equal(await claim('n-1'), false, 'a replay');
    assert.equal(await claim('n-1', at(30 * MINUTE)), false, 'a replay with a later expiry');
    assert.equal(await claim('n-1', at(15 * MINUTE), OTHER_KEY), true, 'the same nonce under another key');
    assert.equal(await claim('n-2'), true);
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
      await tx.nonces.claim(KEY, 'n-twice', at(MINUTE)).value(),
      await tx.nonces.claim(KEY, 'n-twice', at(MINUTE)).value(),
    ]);
    assert.deepEqual(answers, [true, false]);
  });

  ctx.test('a claim undone with its transaction can be made again', async () => {
    await assert.rejects(
      ctx.tx(async (tx) => {
        assert.equal(await tx.nonces.claim(KEY, 'n-undone', at(MINUTE)).value(), true);
        throw new Error('signature check failed afterwards');
      }),
      /signature check failed/,
    );
    assert.equal(await claim('n-undone'), true);
  });

  ctx.test("the retention job's prune forgets only nonces whose window has passed and says how many", async () => {
    await claim('early', at(1 * MINUTE));
    await claim('middle', at(5 * MINUTE));
    await claim('late', at(10 * MINUTE));
    await claim('other-key', at(2 * MINUTE), OTHER_KEY);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneNonces(at(0), 1000)), 0);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneNonces(at(3 * MINUTE), 1000)), 2);
    // Pruned nonces could be claimed again; the rest are still replays.
    assert.equal(await claim('early', at(20 * MINUTE)), true);
    assert.equal(await claim('other-key', at(20 * MINUTE), OTHER_KEY), true);
    assert.equal(await claim('middle'), false);
    assert.equal(await claim('late'), false);
    assert.equal(await ctx.tx((tx) => tx.retention.pruneNonces(at(10 * MINUTE + 1), 1000)), 2, 'middle and late');
    assert.equal(await ctx.tx((tx) => tx.retention.pruneNonces(at(10 * MINUTE + 1), 1000)), 0, 'nothing twice');
    assert.equal(await claim('late'), true);
  });

  // Only engines that keep data across a reopen can show it; the others list it as a skip.
  ctx.test(
    'claimed nonces survive reopening a durable engine',
    { skip: ctx.engine.durable ? false : 'this engine keeps nothing across a reopen' },
    async () => {
      await claim('n-durable');
      const store = await ctx.reopen();
      assert.equal(await store.transaction((tx) => tx.nonces.claim(KEY, 'n-durable', at(MINUTE)).value()), false);
    },
  );
});
