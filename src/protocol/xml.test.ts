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

test('what XML 1.0 cannot carry becomes U+FFFD; CR is a reference, so a parser does not read it as LF', () => {
  assert.equal(
    body(toXml('R', { A: 'a\u0000b\u0001\u000B\u001F\uFFFE\uFFFF\uD800z', B: 'x\ty\nz\r\n\u007F😀' })),
    '<R><A>a\uFFFDb\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDz</A><B>x\ty\nz&#13;\n\u007F😀</B></R>',
  );
});
