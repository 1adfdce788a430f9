import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import {
  engineSkip,
  expectApiError,
  type Harness,
  type Manager,
  models,
  newManager,
  newResourceAccount,
  SERVER_ENGINES,
  sdkClient,
  startServerOn,
  type TestAccount,
} from '../helpers/harness.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
/** Not the emulator's default (1), so that the tests show the setting is what decides. */
const RECORD_DAYS = 2;

/**
 * Finished invitations and email changes end to end, on the emulator clock: the retention job
 * removes them CANOPY_RETENTION_RECORD_DAYS after their expiry, whatever became of them, and the API
 * then reads them as docs/configuration.md (Retention) says; a pending one, or one whose period has
 * not run out, stays as it was. The job's timer and the dispatcher's poll are set far apart, so each
 * test runs the job itself. On every store: the cutoffs are SQL of each engine's own.
 */
for (const engine of SERVER_ENGINES) {
  describeUnlessSkipped(
    `finished invitations and email changes after the retention period (${engine})`,
    { skip: engineSkip(engine) },
    () => {
      let harness: Harness;
      let m: Manager;
      before(
        async () =>
          (harness = await startServerOn(engine, {
            CANOPY_RETENTION_RECORD_DAYS: String(RECORD_DAYS),
            CANOPY_RETENTION_INTERVAL_SECONDS: '86400',
            CANOPY_SMS_POLL_MS: '3600000',
          })),
      );
      beforeEach(async () => {
        await harness.reset();
        m = await newManager(harness);
      });
      after(() => harness?.close());

      const prune = () => harness.canopy.pruner.runOnce();

      test('invitations go RECORD_DAYS after their ExpireTime, accepted, declined, cancelled or expired; pending and younger ones stay', async () => {
        const accepter = await harness.createAccount();
        const decliner = await harness.createAccount();
        const cancelled = await harness.createAccount();
        const expirer = await harness.createAccount();
        const younger = await harness.createAccount();
        const pending = await harness.createAccount();
        const as = (account: TestAccount) => sdkClient(harness, account);
        const invite = async (target: TestAccount) =>
          (
            await m.client.inviteAccountToResourceDirectory(
              new models.InviteAccountToResourceDirectoryRequest({ targetEntity: target.accountId, targetType: 'Account' }),
            )
          ).body!.handshake!.handshakeId!;
        const get = (account: TestAccount, handshakeId: string) =>
          as(account).getHandshake(new models.GetHandshakeRequest({ handshakeId }));
        const sentByManager = async () =>
          (await m.client.listHandshakesForAccount(new models.ListHandshakesForAccountRequest({ pageSize: 50 }))).body!;
        const inDirectory = async () =>
          (await m.client.listHandshakesForResourceDirectory(new models.ListHandshakesForResourceDirectoryRequest({ pageSize: 50 }))).body!;
        const receivedBy = async (account: TestAccount) =>
          (await as(account).listHandshakesForAccount(new models.ListHandshakesForAccountRequest({}))).body!.totalCount;

        // Day 0: four invitations, each to end its own way; all expire on day 14.
        const ids = new Map<TestAccount, string>();
        const id = (target: TestAccount) => ids.get(target)!;
        for (const target of [accepter, decliner, cancelled, expirer]) ids.set(target, await invite(target));
        await as(accepter).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: id(accepter) }));
        await as(decliner).declineHandshake(new models.DeclineHandshakeRequest({ handshakeId: id(decliner) }));
        await m.client.cancelHandshake(new models.CancelHandshakeRequest({ handshakeId: id(cancelled) }));
        // Day 1: one that expires on day 15, inside the period when the first four have left it.
        await harness.advanceClock(DAY);
        ids.set(younger, await invite(younger));
        // Day 10: one still pending when the others go (it expires on day 24).
        await harness.advanceClock(9 * DAY);
        ids.set(pending, await invite(pending));

        // Day 16 less a minute: the first four expired RECORD_DAYS ago less a minute.
        await harness.advanceClock((14 + RECORD_DAYS - 10) * DAY - MINUTE);
        assert.equal((await prune()).handshakes, 0, 'not yet past the period');
        assert.equal((await sentByManager()).totalCount, 6);
        assert.equal((await get(decliner, id(decliner))).body!.handshake!.status, 'Declined', 'still read as it ended');

        await harness.advanceClock(2 * MINUTE);
        assert.equal((await prune()).handshakes, 4);
        for (const target of [accepter, decliner, cancelled, expirer]) {
          await expectApiError(() => get(target, id(target)), 404, 'EntityNotExists.Handshake');
          await expectApiError(() => get(m.account, id(target)), 404, 'EntityNotExists.Handshake');
          assert.equal(await receivedBy(target), 0, 'no longer listed for the invitee');
        }
        const left = await sentByManager();
        assert.equal(left.totalCount, 2);
        assert.deepEqual(
          left.handshakes!.handshake!.map((h) => [h.handshakeId, h.status]),
          [
            [id(younger), 'Expired'],
            [id(pending), 'Pending'],
          ],
        );
        assert.equal((await inDirectory()).totalCount, 2, 'nor for the directory');
        assert.equal(
          (await as(accepter).getResourceDirectory()).body!.resourceDirectory!.resourceDirectoryId,
          m.rdId,
          'the accepted invitation went; the membership it made stays',
        );
        const accepted = await as(pending).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: id(pending) }));
        assert.equal(accepted.body!.handshake!.status, 'Accepted', 'the pending one still works');

        // A day later the younger one has been expired RECORD_DAYS too.
        await harness.advanceClock(DAY);
        assert.equal((await prune()).handshakes, 1);
        await expectApiError(() => get(younger, id(younger)), 404, 'EntityNotExists.Handshake');
        assert.equal((await sentByManager()).totalCount, 1);
        // The invitees whose invitations went may be invited again.
        assert.match(await invite(decliner), /^h-/);
      });

      test('email changes go RECORD_DAYS after their link expired, confirmed, cancelled or expired; pending and younger ones stay', async () => {
        const ids = {
          confirmed: await newResourceAccount(m, 'Kept Confirmed'),
          cancelled: await newResourceAccount(m, 'Kept Cancelled'),
          expired: await newResourceAccount(m, 'Kept Expired'),
          younger: await newResourceAccount(m, 'Kept Younger'),
          pending: await newResourceAccount(m, 'Kept Pending'),
        };
        const change = async (accountId: string, email: string) => {
          await m.client.changeAccountEmail(new models.ChangeAccountEmailRequest({ accountId, email }));
          const inbox = await harness.admin('GET', `/_canopy/messages?channel=email&accountId=${accountId}`);
          return inbox.body.messages[0] as { code: string; link: string };
        };
        const cancel = (accountId: string) => m.client.cancelChangeAccountEmail(new models.CancelChangeAccountEmailRequest({ accountId }));
        const account = async (accountId: string) =>
          (await m.client.getAccount(new models.GetAccountRequest({ accountId }))).body!.account!;
        const status = async (accountId: string) => (await account(accountId)).emailStatus;
        const linkStatus = async (link: string) => (await fetch(link)).status;
        const confirm = async (token: string) =>
          (
            await fetch(`${harness.url}/confirm-email`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ token }).toString(),
            })
          ).status;

        // Hour 0: three changes whose links expire at hour 24.
        const confirmed = await change(ids.confirmed, 'confirmed@example.com');
        assert.equal(await confirm(confirmed.code), 200);
        const cancelled = await change(ids.cancelled, 'cancelled@example.com');
        await cancel(ids.cancelled);
        const expired = await change(ids.expired, 'expired@example.com');
        // Hour 12: a cancelled one whose link expires at hour 36.
        await harness.advanceClock(12 * HOUR);
        await change(ids.younger, 'younger@example.com');
        await cancel(ids.younger);
        // Hour 60: a pending one (its link expires at hour 84).
        await harness.advanceClock(48 * HOUR);
        const pending = await change(ids.pending, 'pending@example.com');

        // Hour 72 less a minute: the first three expired RECORD_DAYS ago less a minute.
        await harness.advanceClock((24 + RECORD_DAYS * 24 - 60) * HOUR - MINUTE);
        assert.equal((await prune()).email_changes, 0, 'not yet past the period');
        assert.equal(await status(ids.cancelled), 'CANCELLED');
        assert.equal(await status(ids.expired), 'EXPIRED');
        assert.equal(await linkStatus(cancelled.link), 410, "the link's page still says why it no longer works");

        await harness.advanceClock(2 * MINUTE);
        assert.equal((await prune()).email_changes, 3);
        assert.equal((await account(ids.confirmed)).accountName, 'confirmed@example.com', 'the confirmed address stays');
        assert.equal(await status(ids.confirmed), '', 'the record went');
        assert.equal(await status(ids.cancelled), '');
        assert.equal(await status(ids.expired), '');
        for (const gone of [confirmed, cancelled, expired]) assert.equal(await linkStatus(gone.link), 404, 'the link reads as unknown');
        assert.equal(await status(ids.younger), 'CANCELLED', 'expired 36 hours ago: kept');
        assert.equal(await status(ids.pending), 'WAIT_MODIFY');
        assert.equal(await confirm(pending.code), 200, 'the pending one still confirms');
        assert.equal((await account(ids.pending)).accountName, 'pending@example.com');

        // Twelve hours later the younger one has been expired RECORD_DAYS too.
        await harness.advanceClock(12 * HOUR);
        assert.equal((await prune()).email_changes, 1);
        assert.equal(await status(ids.younger), '');
      });
    },
  );
}
