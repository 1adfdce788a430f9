import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contactStatus, type MessageContact, pendingTargets } from './message-contact.js';

const target = (value: string, verified: boolean) => ({ value, verified, previous: null });
const contact = (email: boolean, phone: boolean | null, deleting = false): MessageContact => ({
  id: 'c-1',
  directoryId: 'rd-1',
  name: 'Ops',
  title: 'Other',
  messageTypes: ['FaultMessage'],
  email: target('ops@example.com', email),
  phone: phone === null ? null : target('86-13800138000', phone),
  deletionDueAt: deleting ? new Date(0) : null,
  createdAt: new Date(0),
});

test('a contact is Verifying while its email or its phone awaits confirmation, Active once both are confirmed, Deleting above all', () => {
  const cases: [boolean, boolean | null, string, string[]][] = [
    [true, null, 'Active', []],
    [true, true, 'Active', []],
    [false, null, 'Verifying', ['ops@example.com']],
    [true, false, 'Verifying', ['86-13800138000']],
    [false, false, 'Verifying', ['ops@example.com', '86-13800138000']],
  ];
  for (const [email, phone, status, pending] of cases) {
    assert.equal(contactStatus(contact(email, phone)), status, `email ${email}, phone ${phone}`);
    assert.deepEqual(
      pendingTargets(contact(email, phone)).map((p) => p.target),
      pending,
    );
    assert.equal(contactStatus(contact(email, phone, true)), 'Deleting');
  }
});
