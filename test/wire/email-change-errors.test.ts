import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  expectDocumentedStatus,
  type Harness,
  type Manager,
  models,
  newManager,
  newResourceAccount,
  rdmClient,
  sdkClient,
  startServer,
  type TestAccount,
} from '../helpers/harness.js';

type Version = '2020-03-31' | '2022-04-19';
const VERSIONS = ['2020-03-31', '2022-04-19'] as const;
const ACTIONS = ['ChangeAccountEmail', 'RetryChangeAccountEmail', 'CancelChangeAccountEmail'] as const;
type Action = (typeof ACTIONS)[number];

/** One Action in one version: the typed SDK for 2020-03-31, the generic client for 2022-04-19. */
function call(harness: Harness, account: TestAccount, version: Version, action: Action, params: { AccountId?: string; Email?: string }) {
  if (version === '2022-04-19') return rdmClient(harness, account).request(action, params);
  const client = sdkClient(harness, account);
  const request = { accountId: params.AccountId, email: params.Email };
  if (action === 'ChangeAccountEmail') return client.changeAccountEmail(new models.ChangeAccountEmailRequest(request));
  if (action === 'RetryChangeAccountEmail') return client.retryChangeAccountEmail(new models.RetryChangeAccountEmailRequest(request));
  return client.cancelChangeAccountEmail(new models.CancelChangeAccountEmailRequest(request));
}

describe('documented errors of the email change operations, both versions', () => {
  let harness: Harness;
  let m: Manager;
  let resource: string;
  let invited: TestAccount;
  before(async () => {
    harness = await startServer();
    m = await newManager(harness);
    resource = await newResourceAccount(m, 'Errors Member');
    invited = await harness.createAccount();
    const handshake = await m.client.inviteAccountToResourceDirectory(
      new models.InviteAccountToResourceDirectoryRequest({ targetEntity: invited.accountId, targetType: 'Account' }),
    );
    await sdkClient(harness, invited).acceptHandshake(
      new models.AcceptHandshakeRequest({ handshakeId: handshake.body!.handshake!.handshakeId! }),
    );
  });
  after(() => harness.close());

  for (const version of VERSIONS) {
    for (const action of ACTIONS) {
      const at = { version, action };
      const email = action === 'ChangeAccountEmail' ? { Email: 'valid@example.com' } : {};

      test(`${version} ${action}: AccountId missing or malformed, caller without a directory, account outside it`, async () => {
        await expectDocumentedStatus(() => call(harness, m.account, version, action, { ...email }), 400, 'MissingParameter.AccountId', at);
        await expectDocumentedStatus(
          () => call(harness, m.account, version, action, { AccountId: '12ab', ...email }),
          400,
          'InvalidParameter.AccountId',
          at,
        );
        const standalone = await harness.createAccount();
        await expectDocumentedStatus(
          () => call(harness, standalone, version, action, { AccountId: resource, ...email }),
          404,
          'EntityNotExists.ResourceDirectory',
          at,
        );
        // A member of the directory is no management account either.
        await expectDocumentedStatus(
          () => call(harness, invited, version, action, { AccountId: resource, ...email }),
          404,
          'EntityNotExists.ResourceDirectory',
          at,
        );
        await expectDocumentedStatus(
          () => call(harness, m.account, version, action, { AccountId: standalone.accountId, ...email }),
          404,
          'EntityNotExists.Account',
          at,
        );
      });
    }

    const change = { version, action: 'ChangeAccountEmail' } as const;

    test(`${version} ChangeAccountEmail: Email missing or malformed`, async () => {
      await expectDocumentedStatus(
        () => call(harness, m.account, version, 'ChangeAccountEmail', { AccountId: resource }),
        400,
        'MissingParameter',
        change,
        ['Email'],
      );
      const tooLong = `${'a'.repeat(53)}@example.com`;
      for (const bad of ['not-an-email', 'a@b', 'a..b@example.com', '.a@example.com', 'a@-x.com', 'a b@example.com', tooLong]) {
        await expectDocumentedStatus(
          () => call(harness, m.account, version, 'ChangeAccountEmail', { AccountId: resource, Email: bad }),
          400,
          'InvalidParameter',
          change,
          ['Email'],
        );
      }
    });

    test(`${version} ChangeAccountEmail: 400 NotSupport.InvitedAccount for an invited member and the management account`, async () => {
      for (const target of [invited.accountId, m.account.accountId]) {
        await expectDocumentedStatus(
          () => call(harness, m.account, version, 'ChangeAccountEmail', { AccountId: target, Email: `x-${version}@example.com` }),
          400,
          'NotSupport.InvitedAccount',
          change,
        );
      }
    });

    test(`${version} ChangeAccountEmail: 409 InvalidParameter.Email.AlreadyUsed for a login name in use, its own included`, async () => {
      const own = (await m.client.getAccount(new models.GetAccountRequest({ accountId: resource }))).body!.account!.accountName!;
      for (const taken of [invited.accountName, own, own.toUpperCase()]) {
        await expectDocumentedStatus(
          () => call(harness, m.account, version, 'ChangeAccountEmail', { AccountId: resource, Email: taken }),
          409,
          'InvalidParameter.Email.AlreadyUsed',
          change,
        );
      }
    });

    test(`${version}: 400 NotSupportedOperation.Account.EmailModify while a change is pending; 404 EmailModifyRecord without one`, async () => {
      const id = await newResourceAccount(m, `Pending ${version.slice(0, 4)}`);
      for (const action of ['RetryChangeAccountEmail', 'CancelChangeAccountEmail'] as const) {
        await expectDocumentedStatus(
          () => call(harness, m.account, version, action, { AccountId: id }),
          404,
          'EntityNotExists.EmailModifyRecord',
          {
            version,
            action,
          },
        );
      }
      await call(harness, m.account, version, 'ChangeAccountEmail', { AccountId: id, Email: `pending-${version}@example.com` });
      await expectDocumentedStatus(
        () => call(harness, m.account, version, 'ChangeAccountEmail', { AccountId: id, Email: `other-${version}@example.com` }),
        400,
        'NotSupportedOperation.Account.EmailModify',
        change,
      );
      await call(harness, m.account, version, 'CancelChangeAccountEmail', { AccountId: id });
    });
  }

  test('409 LimitExceeded.Frequency after 10 emails a quota day for one member; the next day opens again', async () => {
    const id = await newResourceAccount(m, 'Limited');
    const at = { version: '2022-04-19', action: 'RetryChangeAccountEmail' } as const;
    await call(harness, m.account, '2022-04-19', 'ChangeAccountEmail', { AccountId: id, Email: 'limited@example.com' });
    for (let i = 1; i < 10; i++) await call(harness, m.account, '2022-04-19', 'RetryChangeAccountEmail', { AccountId: id });
    await expectDocumentedStatus(
      () => call(harness, m.account, '2022-04-19', 'RetryChangeAccountEmail', { AccountId: id }),
      409,
      'LimitExceeded.Frequency',
      at,
    );
    await call(harness, m.account, '2022-04-19', 'CancelChangeAccountEmail', { AccountId: id });
    await expectDocumentedStatus(
      () => call(harness, m.account, '2020-03-31', 'ChangeAccountEmail', { AccountId: id, Email: 'again@example.com' }),
      409,
      'LimitExceeded.Frequency',
      { version: '2020-03-31', action: 'ChangeAccountEmail' },
    );
    const inbox = await harness.admin('GET', `/_canopy/messages?channel=email&accountId=${id}`);
    assert.equal(inbox.body.messages.length, 10, 'a refused send queues nothing');
    const latest = await harness.canopy.store.transaction((tx) => tx.emailChanges.latest(id));
    assert.equal(latest?.state, 'cancelled', 'the refused change was not kept');
    await harness.advanceClock(24 * 3600);
    await call(harness, m.account, '2020-03-31', 'ChangeAccountEmail', { AccountId: id, Email: 'again@example.com' });
  });
});
