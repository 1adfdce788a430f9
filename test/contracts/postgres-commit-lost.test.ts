import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CommitOutcomeUnknown } from '../../src/domain/store.js';
import { openPostgresStore } from '../../src/storage/postgres/index.js';
import type { Store } from '../../src/storage/store.js';
import { startProxy, type TcpProxy } from '../system/tcp-proxy.js';
import { dropSchema, freshSchema, postgresSkip, testDatabaseUrl } from './engines.js';
import { MINUTE, at } from './fixtures.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const secret = 'commit-tests-server-secret-0123456789abcdef';

// Without TEST_DATABASE_URL these suites are registered as visible skips.
{
  const url = testDatabaseUrl ?? '';

  describeUnlessSkipped('PostgreSQL store: the connection lost during COMMIT', { skip: postgresSkip }, () => {
    const schema = freshSchema('canopy_commit');
    let proxy: TcpProxy;
    let store: Store;
    before(async () => {
      const target = new URL(url);
      proxy = await startProxy(Number(target.port || 5432), target.hostname);
      target.port = String(proxy.port);
      ({ store } = await openPostgresStore({ url: target.toString(), secret, schema }));
    });
    after(async () => {
      await store.close();
      await proxy.close();
      await dropSchema(url, schema);
    });

    const claim = (nonce: string) => store.transaction((tx) => tx.nonces.claim('LTAIcommit', nonce, at(MINUTE), at(MINUTE)).value());

    for (const fate of ['committed', 'lost'] as const) {
      test(`COMMIT ${fate === 'committed' ? 'took effect' : 'never arrived'}: CommitOutcomeUnknown, and the work is not run again`, async () => {
        const nonce = `nonce-${fate}`;
        let runs = 0;
        const fault = proxy.failNextCommit('INSERT INTO nonces', fate);
        await assert.rejects(
          store.transaction((tx) => {
            runs++;
            return tx.nonces.claim('LTAIcommit', nonce, at(MINUTE), at(MINUTE)).value();
          }),
          (error) => error instanceof CommitOutcomeUnknown && /lost during COMMIT/.test(error.message),
        );
        await fault;
        assert.equal(runs, 1, 'not retried: it may have been kept');
        // Whether it was kept is what the next claim of the same nonce finds out.
        assert.equal(await claim(nonce), fate === 'lost');
      });
    }
  });
}
