import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  expectDocumentedStatus,
  type Harness,
  models,
  newManager,
  newResourceAccount,
  rdmClient,
  sdkClient,
  startServer,
  type TestAccount,
} from '../helpers/harness.js';

type Version = '2020-03-31' | '2022-04-19';

/** Both versions' calls of the three Actions and GetAccount, for one caller. */
function api(harness: Harness, account: TestAccount, version: Version) {
  if (version === '2022-04-19') {
    const rdm = rdmClient(harness, account);
    return {
      change: (AccountId?: string, Email?: string) => rdm.request('ChangeAccountEmail', { AccountId, Email }),
      retry: (AccountId?: string) => rdm.request('RetryChangeAccountEmail', { AccountId }),
      cancel: (AccountId?: string) => rdm.request('CancelChangeAccountEmail', { AccountId }),
      account: async (AccountId: string) => {
        const a = (await rdm.request('GetAccount', { AccountId }))['Account'];
        return { name: a['AccountName'] as string, emailStatus: a['EmailStatus'] as string };
      },
    };
  }
  const client = sdkClient(harness, account);
  return {
    change: (accountId?: string, email?: string) => client.changeAccountEmail(new models.ChangeAccountEmailRequest({ accountId, email })),
    retry: (accountId?: string) => client.retryChangeAccountEmail(new models.RetryChangeAccountEmailRequest({ accountId })),
    cancel: (accountId?: string) => client.cancelChangeAccountEmail(new models.CancelChangeAccountEmailRequest({ accountId })),
    account: async (accountId: string) => {
      const a = (await client.getAccount(new models.GetAccountRequest({ accountId }))).body!.account!;
      return { name: a.accountName!, emailStatus: a.emailStatus! };
    },
  };
}

/** The newest confirmation email of the account, as the emulator's inbox shows it. */
async function latestEmail(harness: Harness, accountId: string) {
  const response = await harness.admin('GET', `/_canopy/messages?channel=email&accountId=${accountId}`);
  assert.equal(response.status, 200);
  const email = response.body.messages[0];
  assert.ok(email, `no email in the inbox for ${accountId}`);
  return email as { channel: string; email: string; code: string; link: string; subject: string; text: string; purpose: string };
}

const openLink = async (link: string) => {
  const response = await fetch(link);
  return { status: response.status, html: await response.text(), headers: response.headers };
};
const confirm = async (harness: Harness, token: string | undefined) => {
  const response = await fetch(`${harness.url}/confirm-email`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: token === undefined ? '' : new URLSearchParams({ token }).toString(),
  });
  return { status: response.status, html: await response.text() };
};

describe('primary email changes through the official clients', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  for (const version of ['2020-03-31', '2022-04-19'] as const) {
    test(`${version}: change, the email in the inbox, the page, confirm; GetAccount shows the new name`, async () => {
      const m = await newManager(harness);
      const id = await newResourceAccount(m, `Happy ${version.slice(0, 4)}`);
      const calls = api(harness, m.account, version);
      const address = `Owner.${version.slice(0, 4)}@Example.com`;
      const answered: any = await calls.change(id, address);
      assert.match(String(answered.body?.requestId ?? answered['RequestId']), /^[0-9A-F-]{36}$/);
      assert.equal((await calls.account(id)).emailStatus, 'WAIT_MODIFY');

      const email = await latestEmail(harness, id);
      assert.equal(email.channel, 'email');
      assert.equal(email.email, address.toLowerCase(), 'kept lower-case, as login names are');
      assert.equal(email.purpose, 'ChangeAccountEmail');
      assert.match(email.code, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
      assert.equal(email.link, `${harness.url}/confirm-email?token=${email.code}`);
      assert.ok(email.text.includes(email.link));

      const shown = await openLink(email.link);
      assert.equal(shown.status, 200);
      assert.match(shown.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(shown.headers.get('cache-control'), 'no-store');
      assert.equal(shown.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(shown.headers.get('x-frame-options'), 'DENY');
      assert.ok(shown.html.includes('<form method="post"') && shown.html.includes(address.toLowerCase()));
      assert.equal((await calls.account(id)).emailStatus, 'WAIT_MODIFY', 'opening the link confirms nothing');

      const done = await confirm(harness, email.code);
      assert.equal(done.status, 200);
      assert.match(done.html, /Email confirmed/);
      assert.deepEqual(await calls.account(id), { name: address.toLowerCase(), emailStatus: '' });
      assert.equal((await confirm(harness, email.code)).status, 410, 'a link works once');
      assert.equal((await openLink(email.link)).status, 410);
      await expectDocumentedStatus(() => calls.retry(id), 404, 'EntityNotExists.EmailModifyRecord', {
        version,
        action: 'RetryChangeAccountEmail',
      });
    });
  }

  test('retry sends a new link and kills the old one; cancel ends the change; expiry after 24 hours', async () => {
    const m = await newManager(harness);
    const id = await newResourceAccount(m, 'Retry Cancel');
    const calls = api(harness, m.account, '2022-04-19');
    await calls.change(id, 'first@example.com');
    const first = await latestEmail(harness, id);
    await calls.retry(id);
    const second = await latestEmail(harness, id);
    assert.notEqual(second.code, first.code);
    assert.equal(second.email, 'first@example.com');
    assert.equal((await openLink(first.link)).status, 404, 'the replaced link is dead');
    assert.equal((await openLink(second.link)).status, 200);

    await calls.cancel(id);
    assert.equal((await calls.account(id)).emailStatus, 'CANCELLED');
    const cancelled = await confirm(harness, second.code);
    assert.equal(cancelled.status, 410);
    assert.match(cancelled.html, /cancelled/);
    for (const [call, action] of [
      [() => calls.retry(id), 'RetryChangeAccountEmail'],
      [() => calls.cancel(id), 'CancelChangeAccountEmail'],
    ] as const) {
      await expectDocumentedStatus(call, 404, 'EntityNotExists.EmailModifyRecord', { version: '2022-04-19', action });
    }

    await calls.change(id, 'second@example.com');
    const pending = await latestEmail(harness, id);
    await harness.advanceClock(24 * 3600);
    assert.equal((await calls.account(id)).emailStatus, 'EXPIRED');
    const expired = await confirm(harness, pending.code);
    assert.equal(expired.status, 410);
    assert.match(expired.html, /expired/);
    await expectDocumentedStatus(() => calls.retry(id), 404, 'EntityNotExists.EmailModifyRecord', {
      version: '2022-04-19',
      action: 'RetryChangeAccountEmail',
    });
    await calls.change(id, 'third@example.com');
    assert.equal((await calls.account(id)).emailStatus, 'WAIT_MODIFY', 'an expired change does not block a new one');
    const name = (await calls.account(id)).name;
    assert.notEqual(name, 'second@example.com');
  });

  test('a RAM user of the management account may change emails', async () => {
    const m = await newManager(harness);
    const id = await newResourceAccount(m, 'Ram Changed');
    const key = await harness.admin('POST', `/_canopy/accounts/${m.account.accountId}/access-keys`, { ramUser: 'ops' });
    await api(harness, { ...m.account, ...key.body }, '2020-03-31').change(id, 'ram-made@example.com');
    assert.equal((await latestEmail(harness, id)).email, 'ram-made@example.com');
  });

  test('the page refuses incomplete and unknown links with a 4xx page', async () => {
    assert.equal((await openLink(`${harness.url}/confirm-email`)).status, 400);
    assert.equal((await confirm(harness, undefined)).status, 400);
    assert.equal((await openLink(`${harness.url}/confirm-email?token=short`)).status, 404);
    assert.equal((await confirm(harness, 'A'.repeat(43))).status, 404);
    const twice = await openLink(`${harness.url}/confirm-email?token=${'A'.repeat(43)}&token=${'B'.repeat(43)}`);
    assert.equal(twice.status, 400);
  });

  test('an address taken by another account meanwhile: the page answers 409 and nothing changes', async () => {
    const m = await newManager(harness);
    const one = await newResourceAccount(m, 'Race One');
    const two = await newResourceAccount(m, 'Race Two');
    const calls = api(harness, m.account, '2020-03-31');
    await calls.change(one, 'contested@example.com');
    const forOne = await latestEmail(harness, one);
    await calls.change(two, 'contested@example.com');
    const forTwo = await latestEmail(harness, two);
    assert.equal((await confirm(harness, forTwo.code)).status, 200);
    const taken = await confirm(harness, forOne.code);
    assert.equal(taken.status, 409);
    assert.equal((await calls.account(one)).emailStatus, 'WAIT_MODIFY');
    assert.equal((await calls.account(two)).name, 'contested@example.com');
  });

  test('inbox filters: channel and email; reset removes the change records', async () => {
    const m = await newManager(harness);
    const id = await newResourceAccount(m, 'Inbox Filters');
    await api(harness, m.account, '2020-03-31').change(id, 'filtered@example.com');
    const byEmail = await harness.admin('GET', '/_canopy/messages?email=FILTERED@example.com');
    assert.deepEqual(
      byEmail.body.messages.map((x: any) => [x.channel, x.email, x.accountId]),
      [['email', 'filtered@example.com', id]],
    );
    const sms = await harness.admin('GET', `/_canopy/messages?channel=sms&accountId=${id}`);
    assert.deepEqual(sms.body.messages, []);
    assert.equal((await harness.admin('GET', '/_canopy/messages?channel=fax')).status, 400);
    assert.ok(await harness.canopy.store.transaction((tx) => tx.emailChanges.latest(id)));
    await harness.reset();
    assert.equal(await harness.canopy.store.transaction((tx) => tx.emailChanges.latest(id)), undefined);
  });
});
