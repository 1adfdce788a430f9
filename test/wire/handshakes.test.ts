import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dropSchema, freshSchema, testDatabaseUrl } from '../contracts/engines.js';
import {
  expectApiError,
  models,
  newManager,
  popClient,
  REQUEST_ID,
  sdkClient,
  startServer,
  type Harness,
  type Manager,
} from '../helpers/harness.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const HANDSHAKE_ID = /^h-[A-Za-z0-9]{16}$/;
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const DAILY_LIMIT = 3;
const DAYS = 86_400;

const invite = (m: Manager, targetEntity: string | undefined, targetType: string | undefined = 'Account', note?: string) =>
  m.client
    .inviteAccountToResourceDirectory(new models.InviteAccountToResourceDirectoryRequest({ targetEntity, targetType, note }))
    .then((r) => r.body!.handshake!);

const handshakeReq = (handshakeId: string | undefined) => ({ handshakeId });

describe('invitations through the official SDK', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer({ CANOPY_INVITATION_DAILY_LIMIT: String(DAILY_LIMIT) });
  });
  after(() => harness.close());

  test('lifecycle: invite by ID and by Email, accept joins Root, decline, cancel, lists', async () => {
    const m = await newManager(harness);
    const alice = await harness.createAccount({ enterpriseName: 'Alice Corp' });
    const bob = await harness.createAccount();
    const carol = await harness.createAccount();

    const h1 = await invite(m, alice.accountId, 'Account', 'join us');
    assert.match(h1.handshakeId!, HANDSHAKE_ID);
    assert.equal(h1.status, 'Pending');
    assert.equal(h1.resourceDirectoryId, m.rdId);
    assert.equal(h1.masterAccountId, m.account.accountId);
    assert.equal(h1.masterAccountName, m.account.accountName);
    assert.equal(h1.targetEntity, alice.accountId);
    assert.equal(h1.targetType, 'Account');
    assert.equal(h1.note, 'join us');
    assert.match(h1.createTime!, ISO_SECONDS);
    assert.equal(Date.parse(h1.expireTime!) - Date.parse(h1.createTime!), 14 * DAYS * 1000);

    const aliceClient = sdkClient(harness, alice);
    const seen = (await aliceClient.getHandshake(new models.GetHandshakeRequest(handshakeReq(h1.handshakeId)))).body!.handshake!;
    assert.equal(seen.invitedAccountRealName, 'Alice Corp');
    assert.equal(typeof seen.masterAccountRealName, 'string', 'the invitee sees the inviter real name');
    const byMa = (await m.client.getHandshake(new models.GetHandshakeRequest(handshakeReq(h1.handshakeId)))).body!.handshake!;
    assert.equal(byMa.invitedAccountRealName, undefined);
    assert.equal(byMa.masterAccountRealName, undefined);

    const received = (await aliceClient.listHandshakesForAccount(new models.ListHandshakesForAccountRequest({}))).body!;
    assert.equal(received.totalCount, 1);
    assert.equal(received.handshakes!.handshake![0]!.handshakeId, h1.handshakeId);

    const accepted = (await aliceClient.acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(h1.handshakeId)))).body!.handshake!;
    assert.equal(accepted.status, 'Accepted');
    const rd = (await aliceClient.getResourceDirectory()).body!.resourceDirectory!;
    assert.equal(rd.resourceDirectoryId, m.rdId, 'the invitee now belongs to the directory');

    // By login name (Email), then declined.
    const h2 = await invite(m, bob.accountName, 'Email');
    assert.equal(h2.targetType, 'Email');
    assert.equal(h2.targetEntity, bob.accountName);
    const bobClient = sdkClient(harness, bob, 'V1');
    const declined = (await bobClient.declineHandshake(new models.DeclineHandshakeRequest(handshakeReq(h2.handshakeId)))).body!.handshake!;
    assert.equal(declined.status, 'Declined');
    await expectApiError(() => bobClient.getResourceDirectory(), 404, 'ResourceDirectoryNotInUse');

    // Cancelled by the management account (through pop-core).
    const h3 = await invite(m, carol.accountId);
    const pop = popClient(harness, m.account, 'POST');
    const cancelled = await pop.request('CancelHandshake', { HandshakeId: h3.handshakeId });
    assert.equal(cancelled['Handshake'].Status, 'Cancelled');
    assert.match(String(cancelled['RequestId']), REQUEST_ID);

    const all = (await m.client.listHandshakesForResourceDirectory(new models.ListHandshakesForResourceDirectoryRequest({ pageSize: 2 })))
      .body!;
    assert.equal(all.totalCount, 3);
    assert.equal(all.pageSize, 2);
    assert.deepEqual(
      all.handshakes!.handshake!.map((h) => h.status),
      ['Accepted', 'Declined'],
    );
    const page2 = await popClient(harness, m.account, 'GET').request('ListHandshakesForResourceDirectory', { PageNumber: 2, PageSize: 2 });
    assert.ok(Array.isArray(page2['Handshakes'].Handshake), 'always an array');
    assert.deepEqual(
      page2['Handshakes'].Handshake.map((h: any) => h.Status),
      ['Cancelled'],
    );
    const sent = (await m.client.listHandshakesForAccount(new models.ListHandshakesForAccountRequest({ pageNumber: 5 }))).body!;
    assert.equal(sent.totalCount, 3, 'a management account sees what it sent');
    assert.deepEqual(sent.handshakes!.handshake, []);
  });

  test('documented errors', async () => {
    const m = await newManager(harness);
    const target = await harness.createAccount();
    const outsider = await harness.createAccount();
    const outsiderClient = sdkClient(harness, outsider);
    const targetClient = sdkClient(harness, target);

    await expectApiError(() => invite(m, undefined), 400, 'MissingParameter.TargetEntity');
    await expectApiError(
      () =>
        m.client.inviteAccountToResourceDirectory(new models.InviteAccountToResourceDirectoryRequest({ targetEntity: target.accountId })),
      400,
      'MissingParameter.TargetType',
    );
    await expectApiError(() => invite(m, target.accountId, 'Phone'), 400, 'InvalidParameter.TargetType');
    await expectApiError(() => invite(m, '12345', 'Account'), 400, 'InvalidParameter.TargetEntity');
    await expectApiError(() => invite(m, '1999999999999999', 'Account'), 400, 'InvalidParameter.TargetEntity');
    await expectApiError(() => invite(m, 'nobody@example.com', 'Email'), 400, 'InvalidParameter.TargetEntity');
    await expectApiError(() => invite(m, target.accountId, 'Account', 'x'.repeat(1025)), 400, 'InvalidParameter.Note.Length');
    await expectApiError(
      () =>
        outsiderClient.inviteAccountToResourceDirectory(
          new models.InviteAccountToResourceDirectoryRequest({ targetEntity: target.accountId, targetType: 'Account' }),
        ),
      404,
      'EntityNotExists.ResourceDirectory',
    );
    await expectApiError(
      () => outsiderClient.listHandshakesForResourceDirectory(new models.ListHandshakesForResourceDirectoryRequest({})),
      404,
      'EntityNotExists.ResourceDirectory',
    );
    await expectApiError(() => invite(m, m.account.accountId), 409, 'NotSupport.AccountInAnotherResourceDirectory');
    const other = await newManager(harness);
    await expectApiError(() => invite(m, other.account.accountId), 409, 'NotSupport.AccountInAnotherResourceDirectory');

    const h = await invite(m, target.accountId, 'Account', 'x'.repeat(1024));
    await expectApiError(() => invite(m, target.accountName, 'Email'), 409, 'EntityAlreadyExists.Handshake');

    await expectApiError(() => targetClient.acceptHandshake(new models.AcceptHandshakeRequest({})), 400, 'MissingParameter.HandshakeId');
    await expectApiError(
      () => targetClient.acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq('h-short'))),
      400,
      'InvalidParameter.HandshakeId',
    );
    await expectApiError(
      () => targetClient.getHandshake(new models.GetHandshakeRequest(handshakeReq('h-AAAAAAAAAAAAAAAA'))),
      404,
      'EntityNotExists.Handshake',
    );
    await expectApiError(
      () => outsiderClient.getHandshake(new models.GetHandshakeRequest(handshakeReq(h.handshakeId))),
      404,
      'EntityNotExists.Handshake',
    );
    await expectApiError(
      () => outsiderClient.acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(h.handshakeId))),
      404,
      'EntityNotExists.Handshake',
    );
    await expectApiError(
      () => m.client.acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(h.handshakeId))),
      404,
      'EntityNotExists.Handshake',
    );
    await expectApiError(
      () => targetClient.cancelHandshake(new models.CancelHandshakeRequest(handshakeReq(h.handshakeId))),
      404,
      'EntityNotExists.Handshake',
    );
    await expectApiError(
      () => m.client.declineHandshake(new models.DeclineHandshakeRequest(handshakeReq(h.handshakeId))),
      404,
      'EntityNotExists.Handshake',
    );

    // The invitee joined another directory meanwhile.
    await targetClient.initResourceDirectory();
    await expectApiError(
      () => targetClient.acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(h.handshakeId))),
      409,
      'NotSupport.AccountInAnotherResourceDirectory',
    );
    await targetClient.destroyResourceDirectory();

    // Not enterprise-verified.
    const unverified = await harness.createAccount({ enterpriseVerified: false });
    const hu = await invite(m, unverified.accountId);
    await expectApiError(
      () => sdkClient(harness, unverified, 'V1').acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(hu.handshakeId))),
      409,
      'NotSupport.Account.RealNameType',
    );

    // Daily limit (3 in this server): two sent so far; the third fits, the fourth does not.
    const more = await harness.createAccount();
    const h3 = await invite(m, more.accountId);
    const extra = await harness.createAccount();
    await expectApiError(() => invite(m, extra.accountId), 409, 'LimitExceeded.InvitationRate');
    // Cancelled ones still count.
    await m.client.cancelHandshake(new models.CancelHandshakeRequest(handshakeReq(h3.handshakeId)));
    await expectApiError(
      () => m.client.cancelHandshake(new models.CancelHandshakeRequest(handshakeReq(h3.handshakeId))),
      409,
      'HandshakeStatusMismatch',
    );
    await expectApiError(
      () => sdkClient(harness, more).acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(h3.handshakeId))),
      409,
      'HandshakeStatusMismatch',
    );
    await expectApiError(() => invite(m, more.accountId), 409, 'LimitExceeded.InvitationRate');

    // The directory was destroyed meanwhile.
    const gone = await newManager(harness);
    const late = await harness.createAccount();
    const hg = await invite(gone, late.accountId);
    await gone.client.destroyResourceDirectory();
    await expectApiError(
      () => sdkClient(harness, late).acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(hg.handshakeId))),
      404,
      'SpecifiedResourceDirectoryNotExists',
    );
  });
});

describe('invitations on the emulator clock', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('an invitation expires after 14 days: reads Expired, answers are HandshakeStatusMismatch, a new one may be sent', async () => {
    const m = await newManager(harness);
    const target = await harness.createAccount();
    const targetClient = sdkClient(harness, target);
    const h = await invite(m, target.accountId);
    await harness.advanceClock(14 * DAYS - 60);
    assert.equal(
      (await targetClient.getHandshake(new models.GetHandshakeRequest(handshakeReq(h.handshakeId)))).body!.handshake!.status,
      'Pending',
    );
    await harness.advanceClock(120);
    assert.equal(
      (await targetClient.getHandshake(new models.GetHandshakeRequest(handshakeReq(h.handshakeId)))).body!.handshake!.status,
      'Expired',
    );
    const listed = (await m.client.listHandshakesForResourceDirectory(new models.ListHandshakesForResourceDirectoryRequest({}))).body!;
    assert.equal(listed.handshakes!.handshake![0]!.status, 'Expired');
    await expectApiError(
      () => targetClient.acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(h.handshakeId))),
      409,
      'HandshakeStatusMismatch',
    );
    await expectApiError(
      () => m.client.cancelHandshake(new models.CancelHandshakeRequest(handshakeReq(h.handshakeId))),
      409,
      'HandshakeStatusMismatch',
    );
    const again = await invite(m, target.accountId);
    assert.equal(again.status, 'Pending');
    assert.equal(
      (await targetClient.acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(again.handshakeId)))).body!.handshake!.status,
      'Accepted',
    );
  });
});

describe('invitations and the member quota', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer({ CANOPY_MEMBER_QUOTA: '1' });
  });
  after(() => harness.close());

  test('a full directory refuses new invitations and the acceptance of pending ones with 409 LimitExceeded.Account', async () => {
    const m = await newManager(harness);
    const [first, second, third] = [await harness.createAccount(), await harness.createAccount(), await harness.createAccount()];
    const h1 = await invite(m, first.accountId);
    const h2 = await invite(m, second.accountId);
    await sdkClient(harness, first).acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(h1.handshakeId)));
    await expectApiError(
      () => sdkClient(harness, second).acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(h2.handshakeId))),
      409,
      'LimitExceeded.Account',
    );
    const stillPending = await sdkClient(harness, second).getHandshake(new models.GetHandshakeRequest(handshakeReq(h2.handshakeId)));
    assert.equal(stillPending.body!.handshake!.status, 'Pending', 'the refused acceptance changed nothing');
    await expectApiError(() => invite(m, third.accountId), 409, 'LimitExceeded.Account');
  });
});

describe('invitations and display names', () => {
  let harness: Harness;
  before(async () => (harness = await startServer()));
  after(() => harness.close());

  test('an invitee joins under its account name as display name; when that name is taken, accept is 409 InvalidParameter.Account.DisplayName.AlreadyUsed', async () => {
    const m = await newManager(harness);
    const joined = await harness.createAccount({ displayName: 'Joiner', accountName: 'joiner@example.com' });
    await sdkClient(harness, joined).acceptHandshake(
      new models.AcceptHandshakeRequest(handshakeReq((await invite(m, joined.accountId)).handshakeId)),
    );
    const member = (await m.client.getAccount(new models.GetAccountRequest({ accountId: joined.accountId }))).body!.account!;
    assert.equal(member.displayName, 'joiner@example.com');

    // A management account whose own display name is the invitee's account name.
    const owner = await harness.createAccount({ displayName: 'clash@example.com' });
    const client = sdkClient(harness, owner);
    await client.initResourceDirectory();
    const invitee = await harness.createAccount({ displayName: 'Someone', accountName: 'clash@example.com' });
    const h = await invite({ account: owner, client, rdId: '', rootId: '' }, invitee.accountId);
    await expectApiError(
      () => sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(h.handshakeId))),
      409,
      'InvalidParameter.Account.DisplayName.AlreadyUsed',
    );
  });
});

/** Two AcceptHandshake of one invitation side by side (V3 and V1): one 200, one HandshakeStatusMismatch. */
async function raceAccept(harness: Harness, rounds: number): Promise<void> {
  const m = await newManager(harness);
  for (let round = 0; round < rounds; round++) {
    const target = await harness.createAccount();
    const h = await invite(m, target.accountId);
    const clients = [sdkClient(harness, target), sdkClient(harness, target, 'V1')];
    const results = await Promise.allSettled(
      clients.map((c) => c.acceptHandshake(new models.AcceptHandshakeRequest(handshakeReq(h.handshakeId)))),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(results.length - failed.length, 1, `round ${round}: exactly one accept wins`);
    await expectApiError(() => Promise.reject(failed[0]!.reason), 409, 'HandshakeStatusMismatch');
    const rd = (await clients[0]!.getResourceDirectory()).body!.resourceDirectory!;
    assert.equal(rd.resourceDirectoryId, m.rdId);
  }
}

describeUnlessSkipped('invitations on PostgreSQL', { skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let harness: Harness;
  const schema = freshSchema('canopy_handshakes');
  before(async () => {
    harness = await startServer({
      DATABASE_URL: testDatabaseUrl!,
      CANOPY_DATABASE_SCHEMA: schema,
      CANOPY_STORE: '',
      CANOPY_INVITATION_DAILY_LIMIT: '100',
    });
  });
  after(async () => {
    await harness?.close();
    await dropSchema(testDatabaseUrl!, schema);
  });

  test('two concurrent AcceptHandshake over HTTP: one wins, one HandshakeStatusMismatch', () => raceAccept(harness, 8));
});
