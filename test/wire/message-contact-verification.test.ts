import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ErrorCode } from '../../src/errors/catalog.js';
import { expectDocumentedError, type Harness, type Manager, newManager, rdmClient, startServer } from '../helpers/harness.js';

const EMAIL = 'oncall@example.com';
const PHONE = '86-13800138000';

/**
 * Confirming a contact's email and phone: the codes the Send*Verification operations deliver (the
 * inbox in emulator mode), entered on Canopy's confirmation page, and every documented refusal.
 */
describe('message contact verifications', () => {
  let harness: Harness;
  let m: Manager;
  let rdm: ReturnType<typeof rdmClient>;
  before(async () => {
    harness = await startServer();
    m = await newManager(harness);
    rdm = rdmClient(harness, m.account);
  });
  after(() => harness.close());

  let names = 0;
  const add = async (extra: Record<string, string> = {}) =>
    (
      await rdm.request('AddMessageContact', {
        Name: `Verify${String.fromCharCode(97 + (names % 26))}${String.fromCharCode(97 + Math.floor(names++ / 26))}`,
        EmailAddress: EMAIL,
        Title: 'MaintenanceDirector',
        'MessageTypes.1': 'FaultMessage',
        ...extra,
      })
    )['Contact']['ContactId'] as string;
  const get = async (id: string) => (await rdm.request('GetMessageContact', { ContactId: id }))['Contact'];
  const latest = async (query: Record<string, string>) => {
    const inbox = await harness.admin('GET', `/_canopy/messages?${new URLSearchParams(query)}`);
    return inbox.body.messages[0];
  };
  const post = (target: string, code: string) =>
    fetch(`${harness.url}/verify-contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ target, code }).toString(),
    });
  const expectCode = (call: () => Promise<unknown>, code: ErrorCode, action: string) =>
    expectDocumentedError(call, code, { version: '2022-04-19', action });

  test('email by link, phone by SMS: each confirmed on the page, then the contact is Active', async () => {
    const id = await add({ PhoneNumber: PHONE });
    await rdm.request('SendEmailVerificationForMessageContact', { ContactId: id, EmailAddress: EMAIL });
    const email = await latest({ channel: 'email', email: EMAIL, purpose: 'MessageContactEmail' });
    assert.match(email.code, /^\d{6}$/);
    assert.equal(email.accountId, m.account.accountId, 'the management account sent it');
    assert.equal(email.link, `${harness.url}/verify-contact?target=${encodeURIComponent(EMAIL)}&code=${email.code}`);
    const page = await fetch(email.link);
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(`value="${email.code}"`), 'the form is filled in; opening it confirms nothing');
    assert.equal((await get(id))['Status'], 'Verifying');
    const confirmed = await post(EMAIL, email.code);
    assert.equal(confirmed.status, 200, await confirmed.text());
    assert.deepEqual((await rdm.request('ListMessageContactVerifications', { ContactId: id }))['ContactVerifications'], [
      { ContactId: id, Target: PHONE },
    ]);
    assert.equal((await post(EMAIL, email.code)).status, 404, 'a code works once');

    await rdm.request('SendPhoneVerificationForMessageContact', { ContactId: id, PhoneNumber: PHONE });
    const sms = await latest({ phone: PHONE, purpose: 'MessageContactPhone' });
    assert.equal(sms.channel, 'sms');
    assert.equal((await post(PHONE, sms.code)).status, 200);
    assert.equal((await get(id))['Status'], 'Active');
    assert.equal((await rdm.request('ListMessageContactVerifications', { ContactId: id }))['TotalCount'], 0);
    // A confirmed number is no update: there is nothing to cancel, and it stays.
    await expectCode(
      () => rdm.request('CancelMessageContactUpdate', { ContactId: id, PhoneNumber: PHONE }),
      'ContactStatusMismatchAction',
      'CancelMessageContactUpdate',
    );
    assert.deepEqual([(await get(id))['PhoneNumber'], (await get(id))['Status']], [PHONE, 'Active']);
  });

  test('an update awaits confirmation; cancelling it restores the confirmed address', async () => {
    const id = await add();
    await rdm.request('SendEmailVerificationForMessageContact', { ContactId: id, EmailAddress: EMAIL });
    const code = (await latest({ email: EMAIL, purpose: 'MessageContactEmail' })).code;
    assert.equal((await post(EMAIL, code)).status, 200);
    await rdm.request('UpdateMessageContact', { ContactId: id, EmailAddress: 'new-oncall@example.com' });
    assert.deepEqual([(await get(id))['EmailAddress'], (await get(id))['Status']], ['new-oncall@example.com', 'Verifying']);
    await expectCode(
      () => rdm.request('SendEmailVerificationForMessageContact', { ContactId: id, EmailAddress: EMAIL }),
      'EntityNotExists.Contact.Verification',
      'SendEmailVerificationForMessageContact',
    );
    await rdm.request('CancelMessageContactUpdate', { ContactId: id, EmailAddress: 'new-oncall@example.com' });
    assert.deepEqual([(await get(id))['EmailAddress'], (await get(id))['Status']], [EMAIL, 'Active']);
    await rdm.request('UpdateMessageContact', { ContactId: id, EmailAddress: 'other@example.com' });
    await rdm.request('UpdateMessageContact', { ContactId: id, EmailAddress: EMAIL });
    assert.equal((await get(id))['Status'], 'Active', 'going back to the confirmed address needs no confirmation');
  });

  test('two contacts with one address: each code confirms its own contact; wrong codes are refused', async () => {
    const [first, second] = [await add({ EmailAddress: 'shared@example.com' }), await add({ EmailAddress: 'shared@example.com' })];
    await rdm.request('SendEmailVerificationForMessageContact', { ContactId: first, EmailAddress: 'shared@example.com' });
    const firstCode = (await latest({ email: 'shared@example.com' })).code;
    await rdm.request('SendEmailVerificationForMessageContact', { ContactId: second, EmailAddress: 'shared@example.com' });
    // Both await confirmation: ContactId picks one; without it, every contact of the directory is listed.
    const pending = async (query: Record<string, string>) =>
      (
        (await rdm.request('ListMessageContactVerifications', { PageSize: '100', ...query }))['ContactVerifications'] as {
          ContactId: string;
        }[]
      ).filter((v) => v.ContactId === first || v.ContactId === second);
    assert.deepEqual(await pending({ ContactId: first }), [{ ContactId: first, Target: 'shared@example.com' }]);
    assert.deepEqual(await pending({}), [
      { ContactId: first, Target: 'shared@example.com' },
      { ContactId: second, Target: 'shared@example.com' },
    ]);
    const wrong = firstCode === '000000' ? '000001' : '000000';
    assert.equal((await post('shared@example.com', wrong)).status, 400);
    assert.equal((await post('shared@example.com', 'abc')).status, 400);
    assert.equal((await post('nobody@example.com', firstCode)).status, 404);
    assert.equal((await post('shared@example.com', firstCode)).status, 200);
    assert.deepEqual([(await get(first))['Status'], (await get(second))['Status']], ['Active', 'Verifying']);
  });

  test('documented refusals of both send operations', async () => {
    const id = await add({ PhoneNumber: PHONE });
    const email = (params: Record<string, string>) => rdm.request('SendEmailVerificationForMessageContact', params);
    const phone = (params: Record<string, string>) => rdm.request('SendPhoneVerificationForMessageContact', params);
    const E = 'SendEmailVerificationForMessageContact';
    const P = 'SendPhoneVerificationForMessageContact';
    await expectCode(() => email({ EmailAddress: EMAIL }), 'MissingParameter.ContactId', E);
    await expectCode(() => phone({ ContactId: 'c-short', PhoneNumber: PHONE }), 'InvalidParameter.ContactId', P);
    await expectCode(() => email({ ContactId: id }), 'MissingParameter.EmailAddress', E);
    await expectCode(() => email({ ContactId: id, EmailAddress: 'nope' }), 'InvalidParameter.EmailAddress', E);
    await expectCode(() => email({ ContactId: 'c-AAAAAAAAAAAAAAAA', EmailAddress: EMAIL }), 'EntityNotExists.Contact', E);
    await expectCode(() => email({ ContactId: id, EmailAddress: 'someone-else@example.com' }), 'EntityNotExists.Contact.Verification', E);
    await expectCode(() => phone({ ContactId: id }), 'MissingParameter.PhoneNumber', P);
    await expectCode(() => phone({ ContactId: id, PhoneNumber: '86-1' }), 'InvalidParameter.PhoneNumber', P);
    await expectCode(() => phone({ ContactId: id, PhoneNumber: '44-7911123456' }), 'InvalidParameter.MobileCountryCode', P);
    await expectCode(() => phone({ ContactId: id, PhoneNumber: '86-13900139000' }), 'EntityNotExists.Contact.Verification', P);
  });

  test('at most 100 codes a day per management account and channel', async () => {
    const own = await newManager(harness);
    const client = rdmClient(harness, own.account);
    const id = (
      await client.request('AddMessageContact', { Name: 'Quota', EmailAddress: EMAIL, Title: 'CEO', 'MessageTypes.1': 'ServiceMessage' })
    )['Contact']['ContactId'];
    for (let i = 0; i < 100; i++) await client.request('SendEmailVerificationForMessageContact', { ContactId: id, EmailAddress: EMAIL });
    await expectCode(
      () => client.request('SendEmailVerificationForMessageContact', { ContactId: id, EmailAddress: EMAIL }),
      'SendValidateCodeExceedsLimitForAccount',
      'SendEmailVerificationForMessageContact',
    );
  });
});
