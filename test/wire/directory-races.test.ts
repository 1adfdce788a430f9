import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  engineSkip,
  expectApiError,
  type Harness,
  type Manager,
  models,
  newManager,
  RACE_ENGINES,
  sdkClient,
  startServerOn,
} from '../helpers/harness.js';
import { describeUnlessSkipped } from '../helpers/visible-skip.js';

const QUOTA = 3;
const INVITEES = 8;
const ROUNDS = 4;

const invite = (m: Manager, accountId: string) =>
  m.client
    .inviteAccountToResourceDirectory(
      new models.InviteAccountToResourceDirectoryRequest({ targetEntity: accountId, targetType: 'Account' }),
    )
    .then((r) => r.body!.handshake!.handshakeId!);

const memberIds = async (m: Manager) =>
  ((await m.client.listAccounts(new models.ListAccountsRequest({ pageSize: 100 }))).body!.accounts!.account ?? [])
    .map((a) => a.accountId!)
    .sort();

/**
 * Actions of different kinds racing on one directory: the directory lock (DirectoryScope, 'write')
 * is what keeps their checks true until they commit. On SQLite transactions run one at a time, so
 * these hold there by construction; on PostgreSQL (READ COMMITTED) only the lock makes them hold.
 */
for (const engine of RACE_ENGINES) {
  describeUnlessSkipped(`directory rules when different Actions race (${engine})`, { skip: engineSkip(engine) }, () => {
    let harness: Harness;
    before(async () => {
      harness = await startServerOn(engine, { CANOPY_MEMBER_QUOTA: String(QUOTA), CANOPY_INVITATION_DAILY_LIMIT: '1000' });
    });
    after(() => harness?.close());

    test(`${INVITEES} invitees accept at once into a directory with room for ${QUOTA}: exactly ${QUOTA} join, the rest LimitExceeded.Account (${ROUNDS} rounds)`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const m = await newManager(harness);
        const invitees = await Promise.all(Array.from({ length: INVITEES }, () => harness.createAccount()));
        const handshakes: string[] = [];
        for (const invitee of invitees) handshakes.push(await invite(m, invitee.accountId));
        const results = await Promise.allSettled(
          invitees.map((invitee, i) =>
            sdkClient(harness, invitee).acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshakes[i] })),
          ),
        );
        const joined = invitees.filter((_, i) => results[i]!.status === 'fulfilled').map((a) => a.accountId);
        assert.equal(joined.length, QUOTA, `round ${round}: members past the quota`);
        for (const r of results)
          if (r.status === 'rejected') await expectApiError(() => Promise.reject(r.reason), 409, 'LimitExceeded.Account');
        assert.deepEqual(await memberIds(m), [m.account.accountId, ...joined].sort(), `round ${round}: the directory holds the winners`);
      }
    });

    test(`CreateResourceAccount and AcceptHandshake racing for the last places: exactly ${QUOTA} members, the rest LimitExceeded.Account (${ROUNDS} rounds)`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const m = await newManager(harness);
        const invitees = await Promise.all(Array.from({ length: QUOTA + 1 }, () => harness.createAccount()));
        const handshakes: string[] = [];
        for (const invitee of invitees) handshakes.push(await invite(m, invitee.accountId));
        const accepts = invitees.map(
          (invitee, i) => () =>
            sdkClient(harness, invitee)
              .acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId: handshakes[i] }))
              .then(() => invitee.accountId),
        );
        const creates = Array.from(
          { length: QUOTA + 1 },
          (_, i) => () =>
            m.client
              .createResourceAccount(new models.CreateResourceAccountRequest({ displayName: `racer-${round}-${i}` }))
              .then((r) => r.body!.account!.accountId!),
        );
        // Interleaved, so that both kinds arrive throughout.
        const calls = accepts.flatMap((accept, i) => [accept, creates[i]!]);
        const results = await Promise.allSettled(calls.map((call) => call()));
        const joined = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        assert.equal(joined.length, QUOTA, `round ${round}: members past the quota`);
        for (const r of results)
          if (r.status === 'rejected') await expectApiError(() => Promise.reject(r.reason), 409, 'LimitExceeded.Account');
        assert.deepEqual(await memberIds(m), [m.account.accountId, ...joined].sort(), `round ${round}: the directory holds the winners`);
      }
    });

    test(`DestroyResourceDirectory racing an AcceptHandshake: either the member joined and the directory stays, or the directory is gone and nobody joined (${ROUNDS * 2} rounds)`, async () => {
      const outcomes = { joined: 0, destroyed: 0 };
      for (let round = 0; round < ROUNDS * 2; round++) {
        const m = await newManager(harness);
        const invitee = await harness.createAccount();
        const handshakeId = await invite(m, invitee.accountId);
        const inviteeClient = sdkClient(harness, invitee);
        // Which one goes first alternates, so both orders of arrival are tried.
        const calls = [
          () => inviteeClient.acceptHandshake(new models.AcceptHandshakeRequest({ handshakeId })),
          () => m.client.destroyResourceDirectory(),
        ];
        if (round % 2 === 1) calls.reverse();
        const settled = await Promise.allSettled(calls.map((call) => call()));
        const [accept, destroy] = round % 2 === 1 ? [settled[1]!, settled[0]!] : [settled[0]!, settled[1]!];
        assert.notEqual(accept.status === 'fulfilled', destroy.status === 'fulfilled', `round ${round}: exactly one of the two succeeds`);
        if (accept.status === 'fulfilled') {
          outcomes.joined++;
          await expectApiError(
            () => Promise.reject((destroy as PromiseRejectedResult).reason),
            409,
            'DeleteConflict.ResourceDirectory.Account',
          );
          assert.deepEqual(await memberIds(m), [m.account.accountId, invitee.accountId].sort());
          const seen = (await inviteeClient.getResourceDirectory()).body!.resourceDirectory!;
          assert.equal(seen.resourceDirectoryId, m.rdId);
        } else {
          outcomes.destroyed++;
          await assert.rejects(Promise.reject(accept.reason), (error: any) => {
            assert.ok(
              ['SpecifiedResourceDirectoryNotExists', 'EntityNotExists.ResourceDirectory'].includes(error.code),
              `round ${round}: the accept after the destroy answered ${error.code}`,
            );
            return true;
          });
          await expectApiError(() => m.client.getResourceDirectory(), 404, 'ResourceDirectoryNotInUse');
          // The invitee belongs to no directory: it can make one of its own.
          const own = (await inviteeClient.initResourceDirectory()).body!.resourceDirectory!;
          assert.equal(own.masterAccountId, invitee.accountId);
        }
      }
      assert.equal(outcomes.joined + outcomes.destroyed, ROUNDS * 2);
    });
  });
}
