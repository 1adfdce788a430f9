import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { engineSkip, expectApiError, type Harness, newManager, RACE_ENGINES, rdmClient, startServerOn } from '../helpers/harness.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

/** Rules of message contacts that must hold when requests race, on one SQLite instance and on PostgreSQL. */
for (const engine of RACE_ENGINES) {
  describeUnlessSkipped(`message contacts under concurrency (${engine})`, { skip: engineSkip(engine) }, () => {
    let harness: Harness;
    before(async () => {
      harness = await startServerOn(engine);
    });
    after(() => harness?.close());

    const add = (client: ReturnType<typeof rdmClient>, name: string) =>
      client.request('AddMessageContact', {
        Name: name,
        EmailAddress: 'race@example.com',
        Title: 'Other',
        'MessageTypes.1': 'ServiceMessage',
      });
    const letters = (i: number) => `${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;

    test('30 racing adds: exactly 20 contacts, the rest LimitExceeded.Contacts', async () => {
      const client = rdmClient(harness, (await newManager(harness)).account);
      const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => add(client, `Racer${letters(i)}`)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 20);
      for (const r of results)
        if (r.status === 'rejected') await expectApiError(() => Promise.reject(r.reason), 400, 'LimitExceeded.Contacts');
      assert.equal((await client.request('ListMessageContacts', { PageSize: '100' }))['TotalCount'], 20);
    });

    test('10 racing adds of one name: exactly one contact', async () => {
      const client = rdmClient(harness, (await newManager(harness)).account);
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => add(client, 'Samename')));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results)
        if (r.status === 'rejected') await expectApiError(() => Promise.reject(r.reason), 400, 'InvalidParameter.Name.AlreadyUsed');
    });
  });
}
