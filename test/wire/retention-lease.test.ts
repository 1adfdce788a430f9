import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dropSchema, freshSchema, postgresSkip, testDatabaseUrl } from '../contracts/engines.js';
import { startServer, type Harness } from '../helpers/harness.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const INTERVAL_SECONDS = 3600;
/** A run that found the lease held by the other instance removes nothing and reports no table. */
const ran = (report: object) => Object.keys(report).length > 0;

// Without TEST_DATABASE_URL this suite is registered as a visible skip.
describeUnlessSkipped('the retention job on two instances of one PostgreSQL', { skip: postgresSkip }, () => {
  const schema = freshSchema('canopy_lease');
  let first: Harness;
  let second: Harness;
  /** How far each instance's real time is moved, to stand for the time that passes after the other stops. */
  const ahead = [0, 0];
  before(async () => {
    const env = {
      DATABASE_URL: testDatabaseUrl!,
      CANOPY_DATABASE_SCHEMA: schema,
      CANOPY_STORE: '',
      CANOPY_RETENTION_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
    };
    // One after the other: the second finds the schema migrated.
    first = await startServer(env, { wallClock: { now: () => new Date(Date.now() + ahead[0]!) } });
    second = await startServer(env, { wallClock: { now: () => new Date(Date.now() + ahead[1]!) } });
  });
  after(async () => {
    await second?.close();
    await first?.close();
    await dropSchema(testDatabaseUrl!, schema);
  });

  test('runs started together on both: one instance prunes, the same one each time', async () => {
    const holders = [];
    for (let i = 0; i < 5; i++) {
      const [a, b] = await Promise.all([first.canopy.pruner.runOnce(), second.canopy.pruner.runOnce()]);
      assert.equal(Number(ran(a)) + Number(ran(b)), 1, `round ${i}: ${JSON.stringify([a, b])}`);
      holders.push(ran(a) ? 'first' : 'second');
    }
    assert.equal(new Set(holders).size, 1, holders.join(', '));
  });

  test('once the holder stops renewing, the other takes over after the lease (three intervals) runs out', async () => {
    const [a] = await Promise.all([first.canopy.pruner.runOnce(), second.canopy.pruner.runOnce()]);
    const [holder, other, otherIndex] = ran(a) ? [first, second, 1] : [second, first, 0];
    await holder.canopy.pruner.stop();
    ahead[otherIndex] = (3 * INTERVAL_SECONDS - 10) * 1000;
    assert.equal(ran(await other.canopy.pruner.runOnce()), false, 'the lease still runs');
    ahead[otherIndex] = (3 * INTERVAL_SECONDS + 10) * 1000;
    assert.equal(ran(await other.canopy.pruner.runOnce()), true, 'run out: taken over');
    assert.equal(ran(await holder.canopy.pruner.runOnce()), false, 'the stopped holder lost it');
  });
});
