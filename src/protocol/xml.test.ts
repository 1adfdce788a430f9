import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toXml } from './xml.js';

const body = (xml: string) => xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '');

test('wrapped and plain lists repeat their element', () => {
  const xml = toXml('R', { Accounts: { Account: [{ Id: '1' }, { Id: '2' }] }, Tags: [{ Key: 'k' }, { Key: 'l' }] });
  assert.equal(
    body(xml),
    '<R><Accounts><Account><Id>1</Id></Account><Account><Id>2</Id></Account></Accounts><Tags><Key>k</Key></Tags><Tags><Key>l</Key></Tags></R>',
  );
});

test('an empty list is one empty element, wrapped or plain', () => {
  assert.equal(body(toXml('R', { Accounts: { Account: [] }, Tags: [], Id: 'x' })), '<R><Accounts></Accounts><Tags></Tags><Id>x</Id></R>');
});

test('text is escaped; absent values are left out', () => {
  assert.equal(body(toXml('R', { A: `<&>"'`, B: undefined, C: null })), '<R><A>&lt;&amp;&gt;&quot;&apos;</A></R>');
});
