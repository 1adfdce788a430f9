import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ErrorCode } from '../../src/errors/catalog.js';
import { expectDocumentedError, type Harness, type Manager, models, newManager, rdmClient, startServer } from '../helpers/harness.js';

type Rdm = ReturnType<typeof rdmClient>;
const CHINA_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Message contacts (2022-04-19) through the generic client: shapes, rules, and every documented refusal Canopy answers. */
describe('message contacts', () => {
  let harness: Harness;
  let m: Manager;
  let rdm: Rdm;
  let memberId: string;
  before(async () => {
    harness = await startServer();
    m = await newManager(harness);
    rdm = rdmClient(harness, m.account);
    memberId = (await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'Contact Member' }))).body!
      .account!.accountId!;
  });
  after(() => harness.close());

  const expectCode = (call: () => Promise<unknown>, code: ErrorCode, action: string) =>
    expectDocumentedError(call, code, { version: '2022-04-19', action });
  let names = 0;
  const nextName = () => `Contact${String.fromCharCode(97 + (names % 26))}${String.fromCharCode(97 + Math.floor(names++ / 26))}`;
  const add = async (extra: Record<string, string> = {}) => {
    const body = await rdm.request('AddMessageContact', {
      Name: nextName(),
      EmailAddress: 'ops@example.com',
      Title: 'TechnicalDirector',
      'MessageTypes.1': 'ServiceMessage',
      'MessageTypes.2': 'FaultMessage',
      ...extra,
    });
    return body['Contact']['ContactId'] as string;
  };

  test('add, get, list, update, delete: the shapes Terraform reads', async () => {
    const created = await rdm.request('AddMessageContact', {
      Name: 'Tom',
      EmailAddress: 'tom@Example.com',
      PhoneNumber: '86-13800138000',
      Title: 'CEO',
      'MessageTypes.1': 'AccountExpenses',
    });
    const id = created['Contact']['ContactId'];
    assert.match(id, /^c-[A-Za-z0-9]{16}$/);
    assert.match(created['Contact']['CreateDate'], CHINA_DATE);
    const contact = (await rdm.request('GetMessageContact', { ContactId: id }))['Contact'];
    assert.deepEqual(contact, {
      ContactId: id,
      Name: 'Tom',
      EmailAddress: 'tom@example.com',
      PhoneNumber: '86-13800138000',
      Title: 'CEO',
      MessageTypes: ['AccountExpenses'],
      Members: [],
      Status: 'Verifying',
      CreateDate: created['Contact']['CreateDate'],
    });
    const verifications = await rdm.request('ListMessageContactVerifications', { ContactId: id });
    assert.deepEqual(verifications['ContactVerifications'], [
      { ContactId: id, Target: 'tom@example.com' },
      { ContactId: id, Target: '86-13800138000' },
    ]);
    await rdm.request('UpdateMessageContact', { ContactId: id, Name: 'Thomas', Title: 'Other', 'MessageTypes.1': 'ProductMessage' });
    const updated = (await rdm.request('GetMessageContact', { ContactId: id }))['Contact'];
    assert.equal(updated['Name'], 'Thomas');
    assert.deepEqual(updated['MessageTypes'], ['ProductMessage']);
    const listed = await rdm.request('ListMessageContacts', { ContactId: id });
    assert.equal(listed['TotalCount'], 1);
    assert.equal(listed['Contacts'][0]['AssociatedDate'], '');
    assert.deepEqual((await rdm.request('DeleteMessageContact', { ContactId: id }))['Status'], 'Deleted');
    await expectCode(() => rdm.request('GetMessageContact', { ContactId: id }), 'EntityNotExists.Contact', 'GetMessageContact');
  });

  test('bindings: the directory, folders and members; at most 10 a contact, 1-5 a call; lists by member', async () => {
    const id = await add();
    const folder = (await m.client.createFolder(new models.CreateFolderRequest({ folderName: 'contacts' }))).body!.folder!.folderId!;
    const bound = await rdm.request('AssociateMembers', { ContactId: id, 'Members.1': m.rdId, 'Members.2': folder, 'Members.3': memberId });
    assert.deepEqual(
      bound['Members'].map((b: any) => b['MemberId']),
      [m.rdId, folder, memberId],
    );
    assert.match(bound['Members'][0]['ModifyDate'], CHINA_DATE);
    const byMember = await rdm.request('ListMessageContacts', { Member: folder });
    assert.deepEqual(
      byMember['Contacts'].map((c: any) => [c['ContactId'], c['AssociatedDate']]),
      [[id, bound['Members'][1]['ModifyDate']]],
    );
    // By ID and member: the contact if bound to that member (its page 1 only), else nothing.
    const unbound = (await m.client.createFolder(new models.CreateFolderRequest({ folderName: 'unbound' }))).body!.folder!.folderId!;
    const byBoth = (member: string, page = '1') =>
      rdm.request('ListMessageContacts', { ContactId: id, Member: member, PageNumber: page }).then((r) => ({
        total: r['TotalCount'],
        listed: r['Contacts'].map((c: any) => [c['ContactId'], c['AssociatedDate']]),
      }));
    assert.deepEqual(await byBoth(folder), { total: 1, listed: [[id, bound['Members'][1]['ModifyDate']]] });
    assert.deepEqual(await byBoth(folder, '2'), { total: 1, listed: [] });
    assert.deepEqual(await byBoth(unbound), { total: 0, listed: [] });
    await m.client.deleteFolder(new models.DeleteFolderRequest({ folderId: unbound }));
    // Bound in one call: listed by ID (earlier calls' bindings come first).
    const boundNow = () => rdm.request('GetMessageContact', { ContactId: id }).then((b) => b['Contact']['Members']);
    assert.deepEqual(await boundNow(), [m.rdId, folder, memberId].sort());
    await m.client.deleteFolder(new models.DeleteFolderRequest({ folderId: folder }));
    assert.deepEqual(await boundNow(), [m.rdId, memberId].sort(), 'a deleted folder unbinds');
    await rdm.request('DisassociateMembers', { ContactId: id, 'Members.1': m.rdId });
    assert.deepEqual(await boundNow(), [memberId]);

    const folders: string[] = [];
    for (let i = 0; i < 9; i++)
      folders.push((await m.client.createFolder(new models.CreateFolderRequest({ folderName: `bind-${i}` }))).body!.folder!.folderId!);
    const members = (ids: string[]) => Object.fromEntries(ids.map((f, i) => [`Members.${i + 1}`, f]));
    await rdm.request('AssociateMembers', { ContactId: id, ...members(folders.slice(0, 5)) });
    await rdm.request('AssociateMembers', { ContactId: id, ...members(folders.slice(5, 8)) });
    await rdm.request('AssociateMembers', { ContactId: id, ...members([folders[0]!]) });
    await expectCode(
      () => rdm.request('AssociateMembers', { ContactId: id, ...members([folders[8]!, m.rdId]) }),
      'LimitExceeded.ContactMembers',
      'AssociateMembers',
    );
    await expectCode(
      () => rdm.request('AssociateMembers', { ContactId: id, ...members(folders.slice(0, 6)) }),
      'InvalidParameter.Members',
      'AssociateMembers',
    );
    await expectCode(
      () => rdm.request('DisassociateMembers', { ContactId: id, ...members(folders.slice(0, 6)) }),
      'InvalidParameter.Members.Length',
      'DisassociateMembers',
    );
    await expectCode(() => rdm.request('AssociateMembers', { ContactId: id }), 'InvalidParameter.Members', 'AssociateMembers');
    await expectCode(
      () => rdm.request('AssociateMembers', { ContactId: id, ...members(['bogus']) }),
      'InvalidParameter.Members',
      'AssociateMembers',
    );
    await expectCode(
      () => rdm.request('AssociateMembers', { ContactId: id, ...members([memberId, memberId]) }),
      'InvalidParameter.Members.Duplicate',
      'AssociateMembers',
    );
    const other = await newManager(harness);
    for (const foreign of [other.rdId, other.rootId, other.account.accountId]) {
      await expectCode(
        () => rdm.request('DisassociateMembers', { ContactId: id, ...members([foreign]) }),
        'InvalidMember',
        'DisassociateMembers',
      );
      await expectCode(() => rdm.request('ListMessageContacts', { Member: foreign }), 'EntityNotExists.Member', 'ListMessageContacts');
    }
    await expectCode(() => rdm.request('ListMessageContacts', { Member: 'x' }), 'InvalidParameter.Member', 'ListMessageContacts');
  });

  test('update and cancel: a new address awaits confirmation, cancelling restores the confirmed one', async () => {
    const id = await add({ PhoneNumber: '86-13900139000' });
    await expectCode(
      () => rdm.request('CancelMessageContactUpdate', { ContactId: id, EmailAddress: 'ops@example.com' }),
      'ContactStatusMismatchAction',
      'CancelMessageContactUpdate',
    );
    await rdm.request('CancelMessageContactUpdate', { ContactId: id, PhoneNumber: '86-13900139000' });
    const contact = (await rdm.request('GetMessageContact', { ContactId: id }))['Contact'];
    assert.equal(contact['PhoneNumber'], '', 'a number that was never confirmed is withdrawn');
    await expectCode(
      () => rdm.request('CancelMessageContactUpdate', { ContactId: id, PhoneNumber: '86-13900139000' }),
      'ContactStatusMismatchAction',
      'CancelMessageContactUpdate',
    );
  });

  test('asynchronous deletion: Deleting until the emulator clock passes it, then gone', async () => {
    const id = await add();
    await expectCode(
      () => rdm.request('GetMessageContactDeletionStatus', { ContactId: id }),
      'ContactStatusMismatchAction',
      'GetMessageContactDeletionStatus',
    );
    assert.equal((await rdm.request('DeleteMessageContact', { ContactId: id, RetainContactInMembers: 'false' }))['Status'], 'Deleting');
    assert.deepEqual((await rdm.request('GetMessageContactDeletionStatus', { ContactId: id }))['ContactDeletionStatus'], {
      ContactId: id,
      Status: 'Deleting',
      FailReasonList: [],
    });
    assert.equal((await rdm.request('GetMessageContact', { ContactId: id }))['Contact']['Status'], 'Deleting');
    for (const [action, params] of [
      ['UpdateMessageContact', { Title: 'CEO' }],
      ['AssociateMembers', { 'Members.1': m.rdId }],
    ] as const)
      await expectCode(() => rdm.request(action, { ContactId: id, ...params }), 'ContactStatusMismatchAction', action);
    await harness.advanceClock(11);
    await expectCode(
      () => rdm.request('GetMessageContactDeletionStatus', { ContactId: id }),
      'EntityNotExists.Contact',
      'GetMessageContactDeletionStatus',
    );
  });

  test('parameters: every documented refusal of Add and Update', async () => {
    const base = { Name: 'Valid', EmailAddress: 'a@example.com', Title: 'CEO', 'MessageTypes.1': 'ServiceMessage' };
    const cases: [Record<string, string | undefined>, ErrorCode][] = [
      [{ Name: undefined }, 'MissingParameter.Name'],
      [{ Name: 'A' }, 'InvalidParameter.Name.Length'],
      [{ Name: 'Abcdefghijklm' }, 'InvalidParameter.Name.Length'],
      [{ Name: 'Tom2' }, 'InvalidParameter.Name'],
      [{ EmailAddress: undefined }, 'MissingParameter.EmailAddress'],
      [{ EmailAddress: 'not-an-email' }, 'InvalidParameter.EmailAddress'],
      [{ EmailAddress: `${'a'.repeat(60)}@example.com` }, 'InvalidParameter.EmailAddress.Length'],
      [{ PhoneNumber: '86-123' }, 'InvalidParameter.PhoneNumber'],
      [{ PhoneNumber: '1-2025550123' }, 'InvalidParameter.MobileCountryCode'],
      [{ Title: undefined }, 'MissingParameter.Title'],
      [{ Title: 'Boss' }, 'InvalidParameter.Title'],
      [{ 'MessageTypes.1': undefined }, 'MissingParameter.MessageTypes'],
      [{ 'MessageTypes.1': 'Spam' }, 'InvalidParameter.MessageTypes'],
      [{ 'MessageTypes.2': 'ServiceMessage' }, 'InvalidParameter.MessageTypes'],
    ];
    for (const [change, code] of cases) {
      const params = Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >;
      await expectCode(() => rdm.request('AddMessageContact', params), code, 'AddMessageContact');
    }
    const id = await add();
    const taken = await add();
    const takenName = (await rdm.request('GetMessageContact', { ContactId: taken }))['Contact']['Name'];
    await expectCode(
      () => rdm.request('UpdateMessageContact', { ContactId: id, Name: takenName }),
      'InvalidParameter.Name.AlreadyUsed',
      'UpdateMessageContact',
    );
    await expectCode(
      () => rdm.request('AddMessageContact', { ...base, Name: takenName }),
      'InvalidParameter.Name.AlreadyUsed',
      'AddMessageContact',
    );
    await expectCode(() => rdm.request('UpdateMessageContact', {}), 'MissingParameter.ContactId', 'UpdateMessageContact');
    await expectCode(() => rdm.request('UpdateMessageContact', { ContactId: 'c-1' }), 'InvalidParameter.ContactId', 'UpdateMessageContact');
    await expectCode(
      () => rdm.request('UpdateMessageContact', { ContactId: 'c-AAAAAAAAAAAAAAAA' }),
      'EntityNotExists.Contact',
      'UpdateMessageContact',
    );
  });
});
