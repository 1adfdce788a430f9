import assert from 'node:assert/strict';
import type { MessageContact } from '../../src/domain/contacts/message-contact.js';
import { contract } from './engines.js';
import { account, at, membership, unique, seedDirectory } from './fixtures.js';

const seed = seedDirectory;

const contact = (directoryId: string, overrides: Partial<MessageContact> = {}): MessageContact => ({
  id: unique('c-contract'),
  directoryId,
  name: 'Alice',
  title: 'CEO',
  messageTypes: ['ServiceMessage', 'FaultMessage'],
  email: { value: 'alice@example.com', verified: false, previous: null },
  phone: null,
  deletionDueAt: null,
  createdAt: at(0),
  ...overrides,
});

contract('MessageContactStore', (ctx) => {
  ctx.test('insert, get and update round-trip every field; names are unique per directory', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const other = await seed(tx);
      const c = contact(rd.directory.id);
      assert.equal(await tx.contacts.insert(c), true);
      assert.deepEqual(await tx.contacts.get(c.id), c);
      assert.equal(await tx.contacts.insert(contact(rd.directory.id)), false, 'the same name in one directory');
      assert.equal(await tx.contacts.insert(contact(other.directory.id)), true, 'the same name in another directory');
      const bob = contact(rd.directory.id, { name: 'Bob' });
      await tx.contacts.insert(bob);
      const changed: MessageContact = {
        ...c,
        name: 'Carol',
        title: 'Other',
        messageTypes: ['SecurityMessage'],
        email: { value: 'carol@example.com', verified: false, previous: 'alice@example.com' },
        phone: { value: '86-13800138000', verified: true, previous: null },
        deletionDueAt: at(5000),
      };
      assert.equal(await tx.contacts.update(changed), true);
      assert.deepEqual(await tx.contacts.get(c.id), changed);
      assert.equal(await tx.contacts.update({ ...changed, name: 'Bob' }), false, 'Bob is taken');
      assert.equal((await tx.contacts.get(c.id))?.name, 'Carol');
      assert.deepEqual(await tx.contacts.dueDeletions(rd.directory.id, at(4999)), []);
      assert.deepEqual(await tx.contacts.dueDeletions(rd.directory.id, at(5000)), [c.id]);
    });
  });

  ctx.test('bindings: bind once, unbind, list by member, removal takes them along', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const [a, b] = [contact(rd.directory.id, { createdAt: at(1) }), contact(rd.directory.id, { name: 'Bob', createdAt: at(2) })];
      await tx.contacts.insert(a);
      await tx.contacts.insert(b);
      await tx.contacts.bind(rd.directory.id, { contactId: a.id, memberId: rd.root.id, associatedAt: at(10) });
      await tx.contacts.bind(rd.directory.id, { contactId: a.id, memberId: rd.root.id, associatedAt: at(20) });
      await tx.contacts.bind(rd.directory.id, { contactId: a.id, memberId: '1000000000000001', associatedAt: at(30) });
      await tx.contacts.bind(rd.directory.id, { contactId: b.id, memberId: '1000000000000001', associatedAt: at(40) });
      const bindings = await tx.contacts.bindings([a.id, b.id]);
      assert.deepEqual(
        bindings.get(a.id)?.map((x) => [x.memberId, x.associatedAt.getTime()]),
        [
          [rd.root.id, at(10).getTime()],
          ['1000000000000001', at(30).getTime()],
        ],
        'a second bind keeps the first binding',
      );
      assert.deepEqual(
        (await tx.contacts.list(rd.directory.id, '1000000000000001', 0, 10)).map((c) => c.id),
        [a.id, b.id],
      );
      assert.equal(await tx.contacts.count(rd.directory.id, rd.root.id), 1);
      assert.equal(await tx.contacts.count(rd.directory.id), 2);
      assert.deepEqual(
        (await tx.contacts.list(rd.directory.id, undefined, 1, 10)).map((c) => c.id),
        [b.id],
      );
      await tx.contacts.unbind(a.id, [rd.root.id, 'fd-notbound00']);
      await tx.contacts.unbindEverywhere('1000000000000001');
      assert.equal((await tx.contacts.bindings([a.id, b.id])).size, 0);
      await tx.contacts.bind(rd.directory.id, { contactId: b.id, memberId: rd.directory.id, associatedAt: at(50) });
      await tx.contacts.remove(b.id);
      assert.equal(await tx.contacts.get(b.id), undefined);
      assert.equal((await tx.contacts.bindings([b.id])).size, 0);
      await tx.contacts.clear(rd.directory.id);
      assert.equal(await tx.contacts.count(rd.directory.id), 0);
    });
  });

  ctx.test('a member that leaves takes its bindings along', async () => {
    await ctx.tx(async (tx) => {
      const rd = await seed(tx);
      const member = account();
      await tx.accounts.insert(member);
      await tx.members.insert(membership(member.id, rd.directory.id, rd.root.id), 'Member');
      const c = contact(rd.directory.id);
      await tx.contacts.insert(c);
      await tx.contacts.bind(rd.directory.id, { contactId: c.id, memberId: member.id, associatedAt: at(1) });
      await tx.members.remove(member.id);
      assert.equal((await tx.contacts.bindings([c.id])).size, 0);
    });
  });
});
