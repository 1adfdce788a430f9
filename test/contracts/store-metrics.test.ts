import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreUnavailable } from '../../src/domain/store.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { TxStores } from '../../src/storage/store.js';
import { openPostgresStore } from '../../src/storage/postgres/index.js';
import { parseMetrics, metricValue } from '../helpers/prometheus.js';
import { dropSchema, freshSchema, postgresSkip, testDatabaseUrl } from './engines.js';
import { at, message, MINUTE } from './fixtures.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';
import { startProxy, type TcpProxy } from '../system/tcp-proxy.js';

const secret = 'store-metrics-secret-0123456789abcdef';

/** The statements of a send in its order, the reads that can wait included: 3 round trips on PostgreSQL. */
async function sendShaped(tx: TxStores, keyId: string, nonce: string): Promise<void> {
  tx.emulatorClock.readWithNext(() => undefined);
  await tx.accounts.get('1000000000000001');
  const claim = tx.nonces.claim(keyId, nonce, at(MINUTE), at(MINUTE));
  await tx.savepoint(async () => {
    const membership = tx.directories.membershipSoon('1000000000000001');
    await tx.verification.takeDailyQuota('1000000000000001', 'EnableRD', '2026-01-01', 100);
    assert.equal(await membership.value(), undefined);
    await tx.outbox.enqueue(message());
  });
  assert.equal(await claim.value(), true);
}

/**
 * The store's own metrics: transactions run again after a conflict with another transaction, and
 * waits for a free pooled connection. Both are PostgreSQL's: SQLite runs one transaction at a time
 * on one connection and never runs work again.
 */
// Without TEST_DATABASE_URL these suites are registered as visible skips.
{
  const url = testDatabaseUrl ?? '';

  describeUnlessSkipped('PostgreSQL store metrics', { skip: postgresSkip }, () => {
    const open = async (options: { poolSize?: number; acquireTimeoutMs?: number; through?: TcpProxy } = {}) => {
      const schema = freshSchema('canopy_metrics');
      const metrics = createMetrics({ actions: [] });
      const { through, ...pool } = options;
      const target = new URL(url);
      if (through) target.port = String(through.port);
      const { store } = await openPostgresStore({ url: target.toString(), secret, schema, metrics: metrics.store, ...pool });
      const read = async () => parseMetrics(await metrics.render());
      return {
        store,
        read,
        async close() {
          await store.close();
          await dropSchema(url, schema);
        },
      };
    };

    test('a transaction that conflicts with another is run again, and each run again is counted by reason', async () => {
      const { store, read, close } = await open();
      try {
        let runs = 0;
        const result = await store.transaction(async (tx) => {
          runs++;
          await tx.nonces.claim('LTAImetrics', `n-${runs}`, at(MINUTE), at(MINUTE)).value();
          // What PostgreSQL raises for a serialization failure; the transactor runs the work again.
          if (runs < 3) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
          return 'committed';
        });
        assert.equal(result, 'committed');
        assert.equal(runs, 3);
        const samples = await read();
        assert.equal(metricValue(samples, 'canopy_store_transaction_retries_total', { reason: 'conflict' }), 2);
        assert.equal(metricValue(samples, 'canopy_store_transaction_retries_total', { reason: 'connection' }) ?? 0, 0);
      } finally {
        await close();
      }
    });

    test('a caller that finds every connection busy is counted with its wait, and so is one that gives up', async () => {
      const { store, read, close } = await open({ poolSize: 1, acquireTimeoutMs: 300 });
      try {
        let samples = await read();
        assert.equal(metricValue(samples, 'canopy_store_pool_wait_seconds_count'), 0);

        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const holder = store.transaction(async (tx) => {
          await tx.nonces.claim('LTAIpool', 'held', at(MINUTE), at(MINUTE)).value();
          await held;
        });
        const waiter = store.transaction((tx) => tx.nonces.claim('LTAIpool', 'waited', at(MINUTE), at(MINUTE)).value());
        setTimeout(release, 50);
        assert.equal(await waiter, true);
        await holder;
        samples = await read();
        assert.equal(metricValue(samples, 'canopy_store_pool_wait_seconds_count'), 1);
        assert.ok(metricValue(samples, 'canopy_store_pool_wait_seconds_sum')! > 0);
        assert.equal(metricValue(samples, 'canopy_store_pool_wait_timeouts_total'), 0);

        let releaseAgain!: () => void;
        const heldAgain = new Promise<void>((resolve) => (releaseAgain = resolve));
        const holderAgain = store.transaction(async () => heldAgain);
        const gaveUp = await store.transaction(async () => 'never').catch((error: unknown) => error);
        assert.ok(gaveUp instanceof StoreUnavailable, String(gaveUp));
        releaseAgain();
        await holderAgain;
        samples = await read();
        assert.equal(metricValue(samples, 'canopy_store_pool_wait_seconds_count'), 2);
        assert.equal(metricValue(samples, 'canopy_store_pool_wait_timeouts_total'), 1);
        assert.equal(metricValue(samples, 'canopy_store_transaction_retries_total', { reason: 'conflict' }) ?? 0, 0);
      } finally {
        await close();
      }
    });

    test('round trips are counted: BEGIN goes with the first statement, a savepoint with its work, queued writes and RELEASE with COMMIT', async () => {
      const { store, read, close } = await open();
      try {
        const trips = async () => metricValue(await read(), 'canopy_store_round_trips_total') ?? 0;
        const counted = async (work: Parameters<typeof store.transaction>[0]) => {
          const before = await trips();
          await store.transaction(work).catch(() => undefined);
          return (await trips()) - before;
        };
        assert.equal(await counted(async () => 'nothing read'), 0, 'a transaction that sends nothing costs nothing');
        assert.equal(
          await counted((tx) => tx.nonces.claim('LTAItrips', 'one', at(MINUTE), at(MINUTE)).value()),
          2,
          'BEGIN with the claim, then COMMIT',
        );
        const send = await counted(async (tx) => {
          await tx.nonces.claim('LTAItrips', 'two', at(MINUTE), at(MINUTE)).value();
          await tx.savepoint(async () => {
            await tx.accounts.get('1000000000000001');
            await tx.verification.takeDailyQuota('1000000000000001', 'EnableRD', '2026-01-01', 100);
            await tx.outbox.enqueue(message());
          });
        });
        assert.equal(send, 4, 'claim; SAVEPOINT with the read; the quota; the message, RELEASE and COMMIT');
        const withNext = await counted((tx) => sendShaped(tx, 'LTAItrips', 'four'));
        assert.equal(withNext, 3, 'clock with the read; claim, SAVEPOINT, membership with the quota; the message, RELEASE and COMMIT');
        const refused = await counted(async (tx) => {
          await tx.nonces.claim('LTAItrips', 'three', at(MINUTE), at(MINUTE)).value();
          await tx
            .savepoint(async () => {
              await tx.outbox.enqueue(message());
              throw new Error('refused before reading');
            })
            .catch(() => undefined);
        });
        assert.equal(refused, 2, 'a savepoint that sent nothing is never sent');
      } finally {
        await close();
      }
    });

    test('a round trip is one write to PostgreSQL: the statements it carries are pipelined, not sent one by one', async () => {
      const target = new URL(url);
      const proxy = await startProxy(Number(target.port || 5432), target.hostname);
      const { store, read, close } = await open({ poolSize: 1, through: proxy });
      try {
        const trips = async () => metricValue(await read(), 'canopy_store_round_trips_total') ?? 0;
        const send = (nonce: string) => store.transaction((tx) => sendShaped(tx, 'LTAIwrites', nonce));
        // The first run prepares each statement on the connection; the second only binds them.
        for (const nonce of ['first', 'second']) {
          const [chunks, counted] = [proxy.chunksFromClients(), await trips()];
          await send(nonce);
          assert.equal((await trips()) - counted, 3, `${nonce} run: 3 round trips counted`);
          assert.equal(proxy.chunksFromClients() - chunks, 3, `${nonce} run: 3 writes reached PostgreSQL, 11 statements in them`);
        }
      } finally {
        await close();
        await proxy.close();
      }
    });
  });
}
