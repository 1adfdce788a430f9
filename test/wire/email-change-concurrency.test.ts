import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dropSchema, freshSchema, testDatabaseUrl } from '../contracts/engines.js';
import { expectApiError, type Harness, models, newManager, sdkClient, startServer } from '../helpers/harness.js';

const REQUESTS = 24;
const CONFIRMS = 12;

/**
 * Many ChangeAccountEmail calls for one member at once, spread over every instance and both
 * signature schemes: exactly one pending change and one email; every other call gets the documented
 * 400. Then many confirmations of its link at once: exactly one takes.
 */
async function race(instances: readonly Harness[], rounds: number): Promise<void> {
  const m = await newManager(instances[0]!);
  const clients = instances.flatMap((h) => [sdkClient(h, m.account), sdkClient(h, m.account, 'V1')]);
  for (let round = 0; round < rounds; round++) {
    const created = await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: `Race ${round}` }));
    const id = created.body!.account!.accountId!;
    const results = await Promise.allSettled(
      Array.from({ length: REQUESTS }, (_, i) =>
        clients[i % clients.length]!.changeAccountEmail(
          new models.ChangeAccountEmailRequest({ accountId: id, email: `race-${round}-${i}@example.com` }),
        ),
      ),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(results.length - failed.length, 1, `round ${round}: exactly one change is accepted`);
    for (const failure of failed) {
      await expectApiError(() => Promise.reject(failure.reason), 400, 'NotSupportedOperation.Account.EmailModify');
    }

    const inbox = await instances[0]!.admin('GET', `/_canopy/messages?channel=email&accountId=${id}`);
    assert.equal(inbox.body.messages.length, 1, `round ${round}: one email`);
    const [email] = inbox.body.messages;
    const status = await m.client.getAccount(new models.GetAccountRequest({ accountId: id }));
    assert.equal(status.body!.account!.emailStatus, 'WAIT_MODIFY');

    const confirmations = await Promise.all(
      Array.from({ length: CONFIRMS }, (_, i) =>
        fetch(`${instances[i % instances.length]!.url}/confirm-email`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: email.code }).toString(),
        }).then((r) => r.status),
      ),
    );
    assert.deepEqual(
      [...confirmations].sort((a, b) => a - b),
      [200, ...Array.from({ length: CONFIRMS - 1 }, () => 410)],
      `round ${round}: one confirmation takes, the others see a used link`,
    );
    const account = (await m.client.getAccount(new models.GetAccountRequest({ accountId: id }))).body!.account!;
    assert.deepEqual([account.accountName, account.emailStatus], [email.email, '']);
  }
}

describe('concurrent email changes on one SQLite file, two instances', () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-email-race-'));
  const instances: Harness[] = [];
  before(async () => {
    for (let i = 0; i < 2; i++) instances.push(await startServer({ CANOPY_STORE: 'sqlite', CANOPY_DATA_DIR: dir }));
  });
  after(async () => {
    for (const instance of instances) await instance.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test(`${REQUESTS} parallel ChangeAccountEmail for one member: one pending change; ${CONFIRMS} parallel confirms: one`, () =>
    race(instances, 3));
});

describe('concurrent email changes on PostgreSQL, two instances', {
  skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set',
}, () => {
  const schema = freshSchema('canopy_email_race');
  const instances: Harness[] = [];
  before(async () => {
    for (let i = 0; i < 2; i++) {
      instances.push(await startServer({ DATABASE_URL: testDatabaseUrl!, CANOPY_DATABASE_SCHEMA: schema, CANOPY_STORE: '' }));
    }
  });
  after(async () => {
    for (const instance of instances) await instance.close();
    await dropSchema(testDatabaseUrl!, schema);
  });

  test(`${REQUESTS} parallel ChangeAccountEmail for one member: one pending change; ${CONFIRMS} parallel confirms: one`, () =>
    race(instances, 3));
});
