import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from '../helpers/conformance/xml-decode.js';
import { v1SignedQuery } from '../helpers/raw-http.js';
import {
  expectDocumentedError,
  type Harness,
  type Manager,
  models,
  newManager,
  popClient,
  REQUEST_ID,
  startServer,
  type TestAccount,
} from '../helpers/harness.js';

/** What XML 1.0's Char production leaves out: C0 controls but tab, LF and CR; surrogates; U+FFFE and U+FFFF. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;
const FORBIDDEN = ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u000E', '\u001F', '\uFFFE', '\uFFFF'];
const VERSION = '2020-03-31';

/** A V1-signed GET, as pop-core sends it, with the answer's text: the only way to ask for `Format=XML`. */
async function v1Get(harness: Harness, account: TestAccount, params: Record<string, string>) {
  const response = await fetch(`${harness.url}/?${v1SignedQuery(account, { ...params, Version: VERSION })}`);
  return { status: response.status, text: await response.text() };
}

/** Well-formed XML that XML 1.0 can carry, read into an element tree. */
function wellFormed(xml: string) {
  assert.doesNotMatch(xml, NOT_XML, 'a character XML 1.0 cannot carry');
  return parseXml(xml);
}
const child = (element: ReturnType<typeof parseXml>, name: string) => element.children.find((c) => c.name === name);

describe('characters XML 1.0 cannot carry', () => {
  let harness: Harness;
  let m: Manager;
  before(async () => {
    harness = await startServer();
    m = await newManager(harness);
  });
  after(() => harness.close());

  test('TagResources with a control character in a tag value: 400 InvalidParameter naming Tag.1.Value (typed SDK, V3)', async () => {
    const tag = new models.TagResourcesRequestTag({ key: 'env', value: 'prod\u0001' });
    await expectDocumentedError(
      () =>
        m.client.tagResources(new models.TagResourcesRequest({ resourceType: 'Account', resourceId: [m.account.accountId], tag: [tag] })),
      'InvalidParameter',
      { version: VERSION, action: 'TagResources' },
      ['Tag.1.Value'],
    );
  });

  test('InviteAccountToResourceDirectory with a control character in Note: 400 InvalidParameter naming Note (pop-core, form body)', async () => {
    const invitee = await harness.createAccount();
    await expectDocumentedError(
      () =>
        popClient(harness, m.account, 'POST').request('InviteAccountToResourceDirectory', {
          TargetEntity: invitee.accountId,
          TargetType: 'Account',
          Note: 'Welcome\u001b[31m aboard',
        }),
      'InvalidParameter',
      { version: VERSION, action: 'InviteAccountToResourceDirectory' },
      ['Note'],
    );
  });

  test('every such character is refused in any parameter before the Action runs, and the XML refusal is well-formed', async () => {
    for (const c of FORBIDDEN) {
      for (const format of ['JSON', 'XML']) {
        const answer = await v1Get(harness, m.account, { Action: 'ListAccounts', QueryKeyword: `a${c}b`, Format: format });
        assert.equal(answer.status, 400, `U+${c.codePointAt(0)!.toString(16)} as ${format}`);
        const error = format === 'XML' ? wellFormed(answer.text) : undefined;
        const code = error ? child(error, 'Code')?.text : JSON.parse(answer.text).Code;
        const message = error ? child(error, 'Message')?.text : JSON.parse(answer.text).Message;
        const requestId = error ? child(error, 'RequestId')?.text : JSON.parse(answer.text).RequestId;
        assert.equal(code, 'InvalidParameter');
        assert.equal(message, 'The specified parameter "QueryKeyword" is not valid.');
        assert.match(String(requestId), REQUEST_ID);
      }
    }
    // Also before the signature is looked at: an unknown key still gets the parameter's answer.
    const stranger = { ...m.account, accessKeyId: 'LTAI00000000000000000000' };
    const refused = await v1Get(harness, stranger, { Action: 'ListAccounts', 'Tag.1.Key': 'k\u000C' });
    assert.equal(JSON.parse(refused.text).Message, 'The specified parameter "Tag.1.Key" is not valid.');
  });

  test('tab, newline, carriage return, DEL, U+FFFD and characters beyond the BMP are kept, and read back the same from XML', async () => {
    const value = 'a\tb\nc\rd\r\ne\u007Ff\uFFFDg😀';
    const tagged = await v1Get(harness, m.account, {
      Action: 'TagResources',
      ResourceType: 'Account',
      'ResourceId.1': m.account.accountId,
      'Tag.1.Key': 'note',
      'Tag.1.Value': value,
    });
    assert.equal(tagged.status, 200, tagged.text);
    const asXml = await v1Get(harness, m.account, { Action: 'ListTagResources', ResourceType: 'Account', Format: 'XML' });
    // A plain list: one <TagResources> element per pair.
    const pairs = wellFormed(asXml.text).children.filter((c) => c.name === 'TagResources');
    const pair = pairs.find((p) => child(p, 'TagKey')?.text === 'note')!;
    assert.equal(child(pair, 'TagValue')?.text, value);
  });

  test('the XML renderer replaces what XML cannot carry: an injected error that echoes control characters is well-formed', async () => {
    const injected = await harness.admin('POST', '/_canopy/faults', {
      action: 'ListAccounts',
      code: 'InvalidParameter',
      args: ['x\u0001y\uFFFF'],
    });
    assert.equal(injected.status, 201, JSON.stringify(injected.body));
    const answer = await v1Get(harness, m.account, { Action: 'ListAccounts', Format: 'XML' });
    assert.equal(answer.status, 400);
    assert.equal(child(wellFormed(answer.text), 'Message')?.text, 'The specified parameter "x\uFFFDy\uFFFD" is not valid.');
  });

  test('the admin API refuses such characters in display and enterprise names', async () => {
    for (const body of [{ displayName: 'Dev\u0007' }, { enterpriseName: 'Acme\uFFFE' }]) {
      const refused = await harness.admin('POST', '/_canopy/accounts', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
    }
  });
});
