import assert from 'node:assert/strict';
import type { TxStores } from '../../src/storage/store.js';
import { contract } from './engines.js';
import { HOUR, MINUTE, accessKey, account, at, code, directory, message } from './fixtures.js';

/** An error that asks the store to keep the writes of the work it fails. */
class KeepWrites extends Error {
  readonly keepWrites = true;
}

contract('Store', (ctx) => {
  /** Inserts an account named `<label>@canopy.test`. */
  const write = (tx: TxStores, label: string) => tx.accounts.insert(account({ name: `${label}@canopy.test` }));
  /** Which of these labels have an account now, in a fresh transaction. */
  const present = (...labels: string[]) =>
    ctx.tx(async (tx) => {
      const found: string[] = [];
      for (const label of labels) if (await tx.accounts.findByName(`${label}@canopy.test`)) found.push(label);
      return found;
    });

  ctx.test('kind names the engine', () => {
    assert.equal(ctx.store().kind, ctx.engine.kind);
  });

  ctx.test('a transaction resolves with the value of its work, after its writes are visible to the next', async () => {
    const value = await ctx.tx(async (tx) => {
      await write(tx, 'committed');
      assert.equal((await tx.accounts.findByName('committed@canopy.test'))?.name, 'committed@canopy.test', 'reads its own writes');
      return { answer: 42 };
    });
    assert.deepEqual(value, { answer: 42 });
    assert.deepEqual(await present('committed'), ['committed']);
  });

  ctx.test('a throw undoes every write of the work, in every store, and rejects with the same error', async () => {
    const owner = account({ name: 'owner@canopy.test' });
    await ctx.tx((tx) => tx.accounts.insert(owner));
    const failure = new Error('boom');
    const rd = directory(owner.id);
    const key = accessKey(owner.id);
    const sms = message();
    await assert.rejects(
      ctx.tx(async (tx) => {
        await write(tx, 'undone');
        await tx.accessKeys.insert(key);
        await tx.directories.insert(rd.directory, rd.root, rd.master);
        await tx.verification.takeDailyQuota(owner.id, 'EnableRD', 'd', 1);
        await tx.verification.putCode(code(owner.id));
        await tx.outbox.enqueue(sms);
        await tx.nonces.claim(key.id, 'n-1', at(MINUTE), at(MINUTE)).value();
        throw failure;
      }),
      (error) => error === failure,
    );
    const after = await ctx.tx(async (tx) => ({
      key: await tx.accessKeys.get(key.id),
      directory: await tx.directories.get(rd.directory.id),
      membership: await tx.directories.membership(owner.id),
      quota: await tx.verification.takeDailyQuota(owner.id, 'EnableRD', 'd', 1),
      code: await tx.verification.getCode(owner.id, 'EnableRD', '1-2025550123'),
      outbox: await tx.outbox.list({}, 10),
      nonce: await tx.nonces.claim(key.id, 'n-1', at(MINUTE), at(MINUTE)).value(),
    }));
    assert.deepEqual(after, {
      key: undefined,
      directory: undefined,
      membership: undefined,
      quota: true,
      code: undefined,
      outbox: [],
      nonce: true,
    });
    assert.deepEqual(await present('undone', 'owner'), ['owner']);
  });

  ctx.test('a failing transaction does not undo the concurrent ones', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        ctx.tx(async (tx) => {
          await write(tx, `t${i}`);
          if (i % 3 === 0) throw new Error(`t${i} fails`);
          return i;
        }),
      ),
    );
    const expected = Array.from({ length: 20 }, (_, i) => i).filter((i) => i % 3 !== 0);
    assert.deepEqual(
      results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
      expected,
    );
    assert.deepEqual(
      await present(...Array.from({ length: 20 }, (_, i) => `t${i}`)),
      expected.map((i) => `t${i}`),
    );
  });

  ctx.test('a transaction may wait on other I/O; transactions started meanwhile still commit', async () => {
    const slow = ctx.tx(async (tx) => {
      await write(tx, 'slow-before');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await write(tx, 'slow-after');
    });
    const quick = ctx.tx((tx) => write(tx, 'quick'));
    await Promise.all([slow, quick]);
    assert.deepEqual(await present('slow-before', 'slow-after', 'quick'), ['slow-before', 'slow-after', 'quick']);
  });

  ctx.test('an error with keepWrites: true rejects the transaction but keeps its writes', async () => {
    const failure = new KeepWrites('wrong code');
    await assert.rejects(
      ctx.tx(async (tx) => {
        await write(tx, 'kept');
        throw failure;
      }),
      (error) => error === failure,
    );
    const plain = Object.assign(new Error('plain object flag'), { keepWrites: true });
    await assert.rejects(
      ctx.tx(async (tx) => {
        await write(tx, 'kept-too');
        throw plain;
      }),
    );
    await assert.rejects(
      ctx.tx(async (tx) => {
        await write(tx, 'not-kept');
        throw Object.assign(new Error('false flag'), { keepWrites: false });
      }),
    );
    assert.deepEqual(await present('kept', 'kept-too', 'not-kept'), ['kept', 'kept-too']);
  });

  ctx.test('a savepoint that throws undoes only its own writes; the transaction goes on', async () => {
    const value = await ctx.tx(async (tx) => {
      await write(tx, 'outer-before');
      const failure = new Error('inner');
      await assert.rejects(
        tx.savepoint(async () => {
          await write(tx, 'inner');
          throw failure;
        }),
        (error) => error === failure,
      );
      assert.equal(await tx.accounts.findByName('inner@canopy.test'), undefined, 'undone at once');
      const inner = await tx.savepoint(async () => {
        await write(tx, 'inner-ok');
        return 'ok';
      });
      await write(tx, 'outer-after');
      return inner;
    });
    assert.equal(value, 'ok');
    assert.deepEqual(await present('outer-before', 'inner', 'inner-ok', 'outer-after'), ['outer-before', 'inner-ok', 'outer-after']);
  });

  ctx.test('savepoints nest: each level undoes only what it wrote', async () => {
    await ctx.tx(async (tx) => {
      await write(tx, 'l0');
      await tx.savepoint(async () => {
        await write(tx, 'l1');
        await tx
          .savepoint(async () => {
            await write(tx, 'l2');
            await tx.savepoint(async () => {
              await write(tx, 'l3');
            });
            throw new Error('level 2 fails after level 3 succeeded');
          })
          .catch(() => undefined);
        await tx
          .savepoint(async () => {
            await write(tx, 'l2-kept');
            throw new KeepWrites('kept at level 2');
          })
          .catch(() => undefined);
        await write(tx, 'l1-after');
      });
    });
    assert.deepEqual(await present('l0', 'l1', 'l2', 'l3', 'l2-kept', 'l1-after'), ['l0', 'l1', 'l2-kept', 'l1-after']);
  });

  ctx.test('a transaction that throws after its savepoints succeeded undoes them too', async () => {
    await assert.rejects(
      ctx.tx(async (tx) => {
        await tx.savepoint(() => write(tx, 'sp-done'));
        await write(tx, 'outer');
        throw new Error('outer fails');
      }),
    );
    assert.deepEqual(await present('sp-done', 'outer'), []);
  });

  ctx.test('keepWrites travels through savepoints: the RPC pattern keeps the nonce and the wrong try', async () => {
    // The pipeline claims the nonce, then runs the action in a savepoint and catches its failure.
    await ctx.tx(async (tx) => {
      await tx.nonces.claim('LTAIkey', 'n-rpc', at(MINUTE), at(MINUTE)).value();
      await tx
        .savepoint(async () => {
          await write(tx, 'action-write');
          throw new Error('action refused');
        })
        .catch(() => undefined);
    });
    // A wrong code: the error keeps the try even though it propagates out of every level.
    await assert.rejects(
      ctx.tx((tx) =>
        tx.savepoint(async () => {
          await write(tx, 'wrong-try');
          throw new KeepWrites('Invalid.VerificationCode');
        }),
      ),
      KeepWrites,
    );
    assert.equal(await ctx.tx((tx) => tx.nonces.claim('LTAIkey', 'n-rpc', at(MINUTE), at(MINUTE)).value()), false, 'the nonce was kept');
    assert.deepEqual(await present('action-write', 'wrong-try'), ['wrong-try']);
  });

  // A code and an outbox message are written without waiting for an answer (on PostgreSQL they
  // travel with the next statement or COMMIT): they follow savepoints and errors like any write.
  ctx.test('writes nobody reads the answer of (a code, a message) are read back, kept or undone like any write', async () => {
    const owner = account({ name: 'later-owner@canopy.test' });
    await ctx.tx((tx) => tx.accounts.insert(owner));
    const kept = code(owner.id, { purpose: 'EnableRD' });
    const undone = code(owner.id, { purpose: 'BindSecureMobilePhone' });
    const [first, second, third] = [message({ accountId: owner.id }), message({ accountId: owner.id }), message({ accountId: owner.id })];
    await ctx.tx(async (tx) => {
      await tx.verification.putCode(kept);
      assert.equal((await tx.verification.getCode(owner.id, 'EnableRD', kept.phone))?.id, kept.id, 'reads its own queued write');
      await tx
        .savepoint(async () => {
          await tx.verification.putCode(undone);
          await tx.outbox.enqueue(first);
          throw new Error('refused before anything was read');
        })
        .catch(() => undefined);
      await tx
        .savepoint(async () => {
          await tx.outbox.enqueue(second);
          throw new KeepWrites('kept without a read');
        })
        .catch(() => undefined);
      await tx
        .savepoint(async () => {
          await tx.outbox.enqueue(third);
          assert.ok(await tx.accounts.get(owner.id));
          throw new Error('refused after a read');
        })
        .catch(() => undefined);
    });
    const ids = (await ctx.tx((tx) => tx.outbox.list({}, 10))).map((m) => m.id);
    assert.deepEqual(ids.sort(), [second.id].sort());
    assert.equal((await ctx.tx((tx) => tx.verification.getCode(owner.id, 'EnableRD', kept.phone)))?.id, kept.id);
    assert.equal(await ctx.tx((tx) => tx.verification.getCode(owner.id, 'BindSecureMobilePhone', undone.phone)), undefined);
  });

  ctx.test('a queued write that fails fails its transaction, and nothing of it is kept', async () => {
    const twice = message();
    await assert.rejects(
      ctx.tx(async (tx) => {
        await tx.accounts.insert(account({ name: 'with-failed-write@canopy.test' }));
        await tx.outbox.enqueue(twice);
        await tx.outbox.enqueue(twice);
      }),
    );
    assert.deepEqual(await present('with-failed-write'), []);
    assert.deepEqual(
      (await ctx.tx((tx) => tx.outbox.list({}, 10))).map((m) => m.id),
      [],
    );
  });

  ctx.test('getSetting answers undefined until setSetting; setSetting overwrites', async () => {
    assert.equal(await ctx.store().getSetting('contract_key'), undefined);
    await ctx.store().setSetting('contract_key', 'one');
    assert.equal(await ctx.store().getSetting('contract_key'), 'one');
    await ctx.store().setSetting('contract_key', 'two — ünïcode ✓');
    assert.equal(await ctx.store().getSetting('contract_key'), 'two — ünïcode ✓');
    await ctx.store().setSetting('empty', '');
    assert.equal(await ctx.store().getSetting('empty'), '');
    assert.equal(await ctx.store().getSetting('CONTRACT_KEY'), undefined, 'keys are case-sensitive');
  });

  ctx.test('reset wipes every account, key, directory, code, quota, message and nonce, and keeps settings', async () => {
    const owner = account({ name: 'reset-owner@canopy.test' });
    const key = accessKey(owner.id);
    const rd = directory(owner.id);
    const stored = code(owner.id);
    await ctx.store().setSetting('server_secret_like', 'keep me');
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(owner);
      await tx.accessKeys.insert(key);
      await tx.directories.insert(rd.directory, rd.root, rd.master);
      assert.equal(await tx.verification.takeDailyQuota(owner.id, 'EnableRD', 'd', 1), true);
      await tx.verification.putCode(stored);
      assert.equal(await tx.verification.takeWrongTry(owner.id, stored.phone, at(1), HOUR, 1), true);
      await tx.outbox.enqueue(message({ accountId: owner.id }));
      await tx.nonces.claim(key.id, 'n-reset', at(MINUTE), at(MINUTE)).value();
    });
    await ctx.store().reset();
    const after = await ctx.tx(async (tx) => ({
      accounts: await tx.accounts.list(),
      key: await tx.accessKeys.get(key.id),
      directory: await tx.directories.get(rd.directory.id),
      taken: await tx.directories.idTaken(rd.root.id),
      code: await tx.verification.getCode(owner.id, 'EnableRD', stored.phone),
      // The budget of one wrong try an hour is whole again.
      wrongTry: await tx.verification.takeWrongTry(owner.id, stored.phone, at(2), HOUR, 1),
      outbox: await tx.outbox.list({}, 10),
      quota: await tx.verification.takeDailyQuota(owner.id, 'EnableRD', 'd', 1),
      nonce: await tx.nonces.claim(key.id, 'n-reset', at(MINUTE), at(MINUTE)).value(),
    }));
    assert.deepEqual(after, {
      accounts: [],
      key: undefined,
      directory: undefined,
      taken: false,
      code: undefined,
      wrongTry: true,
      outbox: [],
      quota: true,
      nonce: true,
    });
    assert.equal(await ctx.store().getSetting('server_secret_like'), 'keep me');
    // The same data can be created again.
    await ctx.tx(async (tx) => {
      await tx.accounts.insert(owner);
      await tx.directories.insert(rd.directory, rd.root, rd.master);
    });
    assert.equal((await ctx.tx((tx) => tx.directories.membership(owner.id)))?.role, 'master');
  });

  // Only engines that keep data across a reopen can show it; the others list it as a skip.
  ctx.test(
    'settings and commits outlive reopening a durable engine; close waits for queued work',
    { skip: ctx.engine.durable ? false : 'this engine keeps nothing across a reopen' },
    async () => {
      await ctx.store().setSetting('durable_key', 'v1');
      await ctx.tx((tx) => write(tx, 'before-close'));
      const queued = ctx.tx((tx) => write(tx, 'queued-at-close'));
      const store = await ctx.reopen();
      await queued;
      assert.equal(await store.getSetting('durable_key'), 'v1');
      assert.deepEqual(await present('before-close', 'queued-at-close'), ['before-close', 'queued-at-close']);
    },
  );
});
