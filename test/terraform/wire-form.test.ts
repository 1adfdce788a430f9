import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { asArray, isExpectedErrors, jsonpathGet, needRetry, notFoundError, tagsToMap } from '../helpers/terraform-errors.js';
import {
  flatten,
  formatError,
  goValuesEncode,
  JsonPathError,
  ProviderPanic,
  TeaSdkError,
  terraformClient,
} from '../helpers/terraform-wire.js';
import { MINUTE, rpcWithRetry } from '../helpers/terraform-services.js';
import { managedDirectory } from './setup.js';

/**
 * The provider's transport (tea-rpc DoRequest as connectivity/client.go rpcRequest drives it) as
 * Canopy receives it, and the provider's reading of answers (formatError, IsExpectedErrors,
 * NotFoundError, NeedRetry, jsonpath.Get): the ground the per-resource replays stand on.
 */
describe('terraform: the provider wire form against Canopy', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('POST / with the common parameters in the query and the business ones in a form body, V1-signed over both', async () => {
    const { p } = await managedDirectory(harness);
    // Spaces, reserved and non-ASCII characters, and an empty value: what Go's url.Values encoding does with them.
    const tags = { 'cost center': 'ops (east) *~!', lang: 'café 東京', empty: '' };
    const folder = (await p.client.rpcPost('ResourceManager', 'CreateFolder', { FolderName: 'wire' }))['Folder']['FolderId'];
    await p.client.rpcPost('ResourceDirectoryMaster', 'TagResources', {
      ResourceType: 'Folder',
      ResourceId: [folder],
      Tag: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      Missing: null,
    });
    const exchange = p.client.lastExchange!;
    const query = new URLSearchParams(exchange.path.slice(2));
    assert.deepEqual(
      [...query.keys()],
      ['AccessKeyId', 'Action', 'Format', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version'],
      'only the common parameters, sorted',
    );
    assert.equal(query.get('Format'), 'json');
    assert.equal(query.get('Version'), '2022-04-19');
    assert.match(query.get('Timestamp')!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(query.get('SignatureNonce')!, /^[0-9a-f]{32}$/);
    assert.deepEqual([query.get('SignatureMethod'), query.get('SignatureVersion')], ['HMAC-SHA1', '1.0']);
    assert.equal(exchange.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual([exchange.headers['x-acs-action'], exchange.headers['x-acs-version']], ['TagResources', '2022-04-19']);
    assert.match(
      exchange.headers['user-agent']!,
      /^AlibabaCloud \(linux; amd64\) Golang\/[\d.]+ Core\/0\.01 TeaDSL\/1 HashiCorp-Terraform\//,
    );
    assert.ok(exchange.body.includes('Tag.1.Key=cost+center'), exchange.body);
    assert.match(exchange.body, /(^|&)Tag\.3\.Value=($|&)/, 'an empty string is kept as key=');
    assert.ok(!exchange.body.includes('Missing'), 'nil is left out');

    const listed = await p.client.rpcPost('ResourceDirectoryMaster', 'ListTagResources', {
      ResourceType: 'Folder',
      'ResourceId.1': folder,
    });
    assert.deepEqual(tagsToMap(listed['TagResources']), tags);
  });

  test('flattening and encoding follow rpcutil.Query and url.Values.Encode', () => {
    assert.deepEqual(flatten({ A: [1, 'x'], B: [{ Key: 'k', Value: '' }], C: { d: true }, E: null, F: false, G: '' }), {
      'A.1': '1',
      'A.2': 'x',
      'B.1.Key': 'k',
      'B.1.Value': '',
      'C.d': 'true',
      F: 'false',
      G: '',
    });
    assert.equal(goValuesEncode({ b: 'a b', a: "*~!'()", 'ResourceId.1': 'é' }), 'ResourceId.1=%C3%A9&a=%2A~%21%27%28%29&b=a+b');
  });

  test('errors as the SDK builds them, and the provider predicates over them', async () => {
    const { p } = await managedDirectory(harness);
    const err = await p.client.rpcPost('ResourceManager', 'GetFolder', { FolderId: 'fd-0000000000' }).catch((e) => e);
    assert.ok(err instanceof TeaSdkError);
    assert.deepEqual([err.code, err.statusCode], ['EntityNotExists.Folder', 404]);
    assert.match(err.message, /^code: 404, .+ request id: [0-9A-F-]{36}$/);
    assert.equal(JSON.parse(err.data)['Code'], 'EntityNotExists.Folder');
    assert.equal(notFoundError(err), true, 'any 404 is "not found"');
    assert.equal(isExpectedErrors(err, ['EntityNotExists.Folder']), true);
    assert.equal(
      isExpectedErrors(err, ['EntityNotExists.Folder.Extra']),
      true,
      'the server code being a prefix of an expected one also matches',
    );
    assert.equal(isExpectedErrors(err, ['EntityNotExists.Account']), false);
    assert.equal(needRetry(err), false);
    const busy = new TeaSdkError('ServiceUnavailable', 503, 'code: 503, busy request id: x', '{}', {});
    assert.equal(needRetry(busy), true);
    assert.equal(needRetry(new TeaSdkError('Throttling.User', 400, 'code: 400, slow down', '{}', {})), true);

    const bad = await terraformClient(harness, { ...(await harness.createAccount()), accessKeySecret: 'wrong' })
      .rpcPost('ResourceManager', 'GetResourceDirectory', {})
      .catch((e) => e);
    assert.equal(bad.code, 'SignatureDoesNotMatch');
  });

  test('a retried code that never clears ends at the timeout, measured on the emulator clock, with the last error', async () => {
    const { p } = await managedDirectory(harness);
    await harness.admin('POST', '/_canopy/faults', { action: 'CreateFolder', code: 'ConcurrentCallNotSupported', times: 1000 });
    const clock = async () => (await harness.admin('GET', '/_canopy/clock')).body.offsetSeconds as number;
    const before = await clock();
    const err = await rpcWithRetry(p, {
      product: 'ResourceManager',
      action: 'CreateFolder',
      body: { FolderName: 'never' },
      timeoutMs: 5 * MINUTE,
      codes: ['ConcurrentCallNotSupported'],
    }).catch((e) => e);
    assert.equal(err.code, 'ConcurrentCallNotSupported');
    const waited = (await clock()) - before;
    assert.ok(waited > 4 * 60 && waited <= 5 * 60, `${waited} s on the emulator clock`);
    assert.ok(p.client.calls.length > 10 && p.client.calls.length < 40, `${p.client.calls.length} attempts`);
    await harness.admin('DELETE', '/_canopy/faults');
  });

  test('formatError and jsonpath.Get: what the provider does with a 2xx body', () => {
    assert.deepEqual(formatError({ RequestId: 'r', Folder: {} }), { RequestId: 'r', Folder: {} });
    assert.deepEqual(formatError({ Code: 'Success', Data: 1 }), { Code: 'Success', Data: 1 });
    assert.deepEqual(formatError({ Code: 'X', Message: '' }), { Code: 'X', Message: '' }, 'an empty message keeps it a success');
    assert.throws(
      () => formatError({ Code: 'Forbidden', Message: 'no' }),
      (e: unknown) => e instanceof TeaSdkError && e.statusCode === 200,
    );
    assert.throws(() => formatError({ Success: false }), TeaSdkError);

    assert.equal(jsonpathGet('$.A.B', { A: { B: null } }), null);
    assert.throws(() => jsonpathGet('$.A.C', { A: { B: 1 } }), JsonPathError);
    assert.throws(() => jsonpathGet('$.A.B.C', { A: { B: 'x' } }), JsonPathError);
    assert.throws(() => asArray({}, '$.TagResources'), ProviderPanic);
  });
});
