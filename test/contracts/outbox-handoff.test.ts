import assert from 'node:assert/strict';
import type { OutboxMessage } from '../../src/domain/messages/message.js';
import type { OutboxHandoff } from '../../src/domain/messages/store.js';
import { contract } from './engines.js';
import { at, MINUTE, message } from './fixtures.js';

/**
 * A store opened with a handoff (the dispatcher of a process that delivers): what it hands over, and
 * when. Handing over a message whose insert was undone would send a code nobody asked for; not
 * handing over one that was kept only delays it until its lease runs out. The tests pin both sides.
 */
const LEASE_MS = 5 * MINUTE;
const taken: { message: OutboxMessage; leaseUntil: Date }[] = [];
const handoff: OutboxHandoff = { leaseMs: LEASE_MS, take: (m, leaseUntil) => void taken.push({ message: m, leaseUntil }) };

const ids = (messages: readonly { id: string }[]) => messages.map((m) => m.id);
const takenIds = () => taken.map((t) => t.message.id);
const refused = (keepWrites: boolean) => Object.assign(new Error('refused'), keepWrites ? { keepWrites } : {});

contract(
  'Outbox handoff',
  (ctx) => {
    const listed = () => ctx.tx((tx) => tx.outbox.list({}, 100));

    ctx.test('a committed message is stored held for its first round and handed over once, after the commit', async () => {
      taken.length = 0;
      const m = message({ createdAt: at(1000) });
      await ctx.tx(async (tx) => {
        await tx.outbox.enqueue(m);
        await tx.outbox.list({}, 1);
        assert.equal(taken.length, 0, 'nothing is handed over before the commit');
      });
      const held = { ...m, attempts: 1 };
      assert.deepEqual(taken, [{ message: held, leaseUntil: at(1000 + LEASE_MS) }]);
      assert.deepEqual(await listed(), [held]);
      // Held as a claim holds it: nobody takes it during its lease; after it, a claim counts round 2.
      assert.deepEqual(await ctx.tx((tx) => tx.outbox.claim(at(1000 + LEASE_MS - 1), at(2 * LEASE_MS), 10)), []);
      const [claimed] = await ctx.tx((tx) => tx.outbox.claim(at(1000 + LEASE_MS), at(3 * LEASE_MS), 10));
      assert.deepEqual(claimed, { ...m, attempts: 2 });
      // The handed-over round records under the lease it was given; the claim's lease has replaced it.
      await ctx.tx((tx) => tx.outbox.markSent(m.id, 'inbox', at(2000), false, null, at(1000 + LEASE_MS)));
      assert.equal((await listed())[0]!.status, 'pending');
      assert.equal(taken.length, 1, 'handed over once');
    });

    ctx.test('a message queued in a savepoint that throws is neither kept nor handed over; the others of the transaction are', async () => {
      taken.length = 0;
      const [kept, undone, later] = [message({ createdAt: at(1) }), message({ createdAt: at(2) }), message({ createdAt: at(3) })];
      await ctx.tx(async (tx) => {
        await tx.outbox.enqueue(kept);
        await tx
          .savepoint(async () => {
            await tx.outbox.enqueue(undone);
            throw refused(false);
          })
          .catch(() => undefined);
        await tx.outbox.enqueue(later);
      });
      assert.deepEqual(takenIds(), ids([kept, later]));
      assert.deepEqual(ids(await listed()), ids([later, kept]));
    });

    ctx.test(
      'an error that keeps the writes keeps the message held but hands nothing over: it is claimed when its lease runs out',
      async () => {
        taken.length = 0;
        const m = message({ createdAt: at(0) });
        await ctx.tx(async (tx) => {
          await tx
            .savepoint(async () => {
              await tx.outbox.enqueue(m);
              throw refused(true);
            })
            .catch(() => undefined);
        });
        assert.deepEqual(taken, []);
        assert.deepEqual(await listed(), [{ ...m, attempts: 1 }]);
        assert.deepEqual(ids(await ctx.tx((tx) => tx.outbox.claim(at(LEASE_MS), at(2 * LEASE_MS), 10))), ids([m]));
      },
    );

    ctx.test('a transaction that fails hands nothing over, whatever its error keeps', async () => {
      taken.length = 0;
      for (const keepWrites of [false, true]) {
        const m = message();
        await assert.rejects(
          ctx.tx(async (tx) => {
            await tx.outbox.enqueue(m);
            throw refused(keepWrites);
          }),
          /refused/,
        );
      }
      assert.deepEqual(taken, []);
      assert.equal((await listed()).length, 1, 'the write that asked to be kept was kept');
    });

    ctx.test('of transactions run at once, only those that commit hand their messages over', async () => {
      taken.length = 0;
      const messages = Array.from({ length: 6 }, (_, i) => message({ createdAt: at(i) }));
      const outcomes = await Promise.allSettled(
        messages.map((m, i) =>
          ctx.tx(async (tx) => {
            await tx.outbox.enqueue(m);
            if (i % 2 === 1) throw refused(false);
          }),
        ),
      );
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected'],
      );
      const committed = messages.filter((_, i) => i % 2 === 0);
      assert.deepEqual(takenIds().sort(), ids(committed).sort());
      assert.deepEqual(ids(await listed()).sort(), ids(committed).sort());
    });
  },
  { handoff },
);
