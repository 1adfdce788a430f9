import type { Scenarios } from './scenario.js';
import type { World } from './world.js';

let contacts = 0;
/** Contact names are 2-12 letters: a counter written in letters. */
const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));

/** A new contact of the fixture directory with a phone, so that both verifications and the phone field show. */
async function contact(w: World): Promise<string> {
  const name = `Conf${letters(contacts++)}`;
  const body = await w.call('AddMessageContact', {
    Name: name,
    EmailAddress: 'conformance@example.com',
    PhoneNumber: '86-13800138000',
    Title: 'TechnicalDirector',
    'MessageTypes.1': 'ServiceMessage',
  });
  return body['Contact']['ContactId'];
}

/** Message contacts (2022-04-19 only). */
export const contactScenarios: Scenarios = {
  AddMessageContact: contact,
  GetMessageContact: async (w) => {
    const id = await contact(w);
    await w.call('AssociateMembers', { ContactId: id, 'Members.1': w.memberId });
    return w.call('GetMessageContact', { ContactId: id });
  },
  UpdateMessageContact: async (w) => w.call('UpdateMessageContact', { ContactId: await contact(w), Title: 'CEO' }),
  CancelMessageContactUpdate: async (w) =>
    w.call('CancelMessageContactUpdate', { ContactId: await contact(w), PhoneNumber: '86-13800138000' }),
  DeleteMessageContact: async (w) => w.call('DeleteMessageContact', { ContactId: await contact(w) }),
  GetMessageContactDeletionStatus: async (w) => {
    const id = await contact(w);
    await w.call('DeleteMessageContact', { ContactId: id, RetainContactInMembers: 'false' });
    return w.call('GetMessageContactDeletionStatus', { ContactId: id });
  },
  ListMessageContacts: async (w) => {
    const id = await contact(w);
    await w.call('AssociateMembers', { ContactId: id, 'Members.1': w.folderId });
    return w.call('ListMessageContacts', { Member: w.folderId });
  },
  AssociateMembers: async (w) => w.call('AssociateMembers', { ContactId: await contact(w), 'Members.1': w.rdId, 'Members.2': w.memberId }),
  DisassociateMembers: async (w) => {
    const id = await contact(w);
    await w.call('AssociateMembers', { ContactId: id, 'Members.1': w.memberId });
    return w.call('DisassociateMembers', { ContactId: id, 'Members.1': w.memberId });
  },
  ListMessageContactVerifications: async (w) => w.call('ListMessageContactVerifications', { ContactId: await contact(w) }),
  SendEmailVerificationForMessageContact: async (w) =>
    w.call('SendEmailVerificationForMessageContact', { ContactId: await contact(w), EmailAddress: 'conformance@example.com' }),
  SendPhoneVerificationForMessageContact: async (w) =>
    w.call('SendPhoneVerificationForMessageContact', { ContactId: await contact(w), PhoneNumber: '86-13800138000' }),
};
