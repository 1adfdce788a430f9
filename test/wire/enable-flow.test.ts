import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REQUEST_ID, models, popClient, rdmClient, sdkClient, startServer, type Harness } from '../helpers/harness.js';

const PHONE = '1-2025550123';

describe('the enablement flow through the official clients', () => {
  let harness: Harness;
  before(async () => (harness = await startServer()));
  after(() => harness.close());

  for (const scheme of ['V3', 'V1'] as const) {
    test(`resourcemanager SDK (${scheme}): send a code, enable a new management account, read, refuse destroy`, async () => {
      const caller = await harness.createAccount({ displayName: `Caller ${scheme}` });
      const client = sdkClient(harness, caller, scheme);
      const sent = await client.sendVerificationCodeForEnableRD(
        new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: PHONE }),
      );
      assert.equal(sent.statusCode, 200);
      assert.match(sent.body!.requestId!, REQUEST_ID);
      assert.equal(sent.headers!['x-acs-request-id'], sent.body!.requestId);
      assert.equal(sent.headers!['content-type'], 'application/json;charset=utf-8');

      const code = await harness.latestCode(PHONE, caller.accountId);
      assert.match(code, /^\d{6}$/);
      const maName = `ops-${scheme.toLowerCase()}@rdadmin.aliyunid.com`;
      const enabled = await client.enableResourceDirectory(
        new models.EnableResourceDirectoryRequest({
          enableMode: 'NewManagementAccount',
          MAName: maName,
          MASecureMobilePhone: PHONE,
          verificationCode: code,
        }),
      );
      const rd = enabled.body!.resourceDirectory!;
      assert.match(rd.resourceDirectoryId!, /^rd-[A-Za-z0-9]{6}$/);
      assert.match(rd.rootFolderId!, /^r-[A-Za-z0-9]{6}$/);
      assert.match(rd.masterAccountId!, /^[1-9]\d{15}$/);
      assert.notEqual(rd.masterAccountId, caller.accountId);
      assert.equal(rd.masterAccountName, maName);
      assert.ok(!Number.isNaN(Date.parse(rd.createTime!)));

      // The caller is now a member and reads the directory it belongs to.
      const read = await client.getResourceDirectory();
      const details = read.body!.resourceDirectory!;
      assert.equal(details.resourceDirectoryId, rd.resourceDirectoryId);
      assert.equal(details.masterAccountId, rd.masterAccountId);
      assert.equal(details.controlPolicyStatus, 'Disabled');
      assert.equal(details.memberDeletionStatus, 'Disabled');
      assert.equal(details.identityInformation, `Caller ${scheme} Co., Ltd.`);

      // The new management account acts through keys made for it by the admin API.
      const keys = await harness.admin('POST', `/_canopy/accounts/${rd.masterAccountId}/access-keys`);
      assert.equal(keys.status, 201);
      const master = sdkClient(harness, { ...caller, ...keys.body, accountId: rd.masterAccountId! }, scheme);
      const asMaster = await master.getResourceDirectory();
      assert.equal(asMaster.body!.resourceDirectory!.resourceDirectoryId, rd.resourceDirectoryId);
      await assert.rejects(master.destroyResourceDirectory(), { code: 'DeleteConflict.ResourceDirectory.Account', statusCode: 409 });
    });
  }

  test('GetResourceDirectory returns MemberAccountDisplayNameSyncStatus in the raw JSON of 2022-04-19, the version that documents it', async () => {
    const owner = await harness.createAccount();
    const pop = popClient(harness, owner, 'POST');
    await pop.request('InitResourceDirectory');
    const body = await rdmClient(harness, owner).request('GetResourceDirectory');
    assert.equal(body['ResourceDirectory'].MemberAccountDisplayNameSyncStatus, 'Disabled');
    assert.match(body['RequestId'], REQUEST_ID);
    // ResourceManager 2020-03-31 documents no such field (its metadata, SDK models and API reference).
    const old = await pop.request('GetResourceDirectory');
    assert.equal(old['ResourceDirectory'].MemberAccountDisplayNameSyncStatus, undefined);
    assert.equal(old['ResourceDirectory'].MemberDeletionStatus, 'Disabled');
  });

  for (const method of ['GET', 'POST'] as const) {
    test(`pop-core ${method}: CurrentAccount enable, read, destroy, enable again`, async () => {
      const owner = await harness.createAccount({ displayName: `Owner ${method}` });
      const pop = popClient(harness, owner, method);
      const enabled = await pop.request('EnableResourceDirectory', { EnableMode: 'CurrentAccount' });
      assert.equal(enabled['ResourceDirectory'].MasterAccountId, owner.accountId);
      assert.equal(enabled['ResourceDirectory'].MasterAccountName, owner.accountName);
      const read = await pop.request('GetResourceDirectory');
      assert.equal(read['ResourceDirectory'].ResourceDirectoryId, enabled['ResourceDirectory'].ResourceDirectoryId);
      const destroyed = await pop.request('DestroyResourceDirectory');
      assert.deepEqual(Object.keys(destroyed), ['RequestId']);
      const again = await pop.request('InitResourceDirectory');
      assert.notEqual(again['ResourceDirectory'].ResourceDirectoryId, enabled['ResourceDirectory'].ResourceDirectoryId);
    });

    test(`pop-core ${method}: send a code`, async () => {
      const caller = await harness.createAccount();
      const pop = popClient(harness, caller, method);
      const sent = await pop.request('SendVerificationCodeForEnableRD', { SecureMobilePhone: '44-7911123456' });
      assert.deepEqual(Object.keys(sent), ['RequestId']);
      assert.match(await harness.latestCode('44-7911123456', caller.accountId), /^\d{6}$/);
    });
  }

  test('DryRun runs every check, changes nothing and leaves the code usable', async () => {
    const caller = await harness.createAccount();
    const client = sdkClient(harness, caller);
    await client.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({}));
    const code = await harness.latestCode(PHONE, caller.accountId);
    const pop = popClient(harness, caller, 'POST');
    const params = { EnableMode: 'NewManagementAccount', MAName: 'dry@rdadmin.aliyunid.com', VerificationCode: code };
    const dry = await pop.request('EnableResourceDirectory', { ...params, DryRun: true });
    assert.deepEqual(Object.keys(dry), ['RequestId']);
    await assert.rejects(client.getResourceDirectory(), { code: 'ResourceDirectoryNotInUse', statusCode: 404 });
    const real = await pop.request('EnableResourceDirectory', params);
    assert.equal(real['ResourceDirectory'].MasterAccountName, 'dry@rdadmin.aliyunid.com');
  });

  test('V1 Format=XML answers in XML with the exact content type', async () => {
    const owner = await harness.createAccount();
    await popClient(harness, owner, 'GET').request('InitResourceDirectory');
    const { v1Sign, v1StringToSign } = await import('../../src/protocol/signature-v1.js');
    const params: Record<string, string> = {
      Action: 'GetResourceDirectory',
      Version: '2020-03-31',
      Format: 'XML',
      AccessKeyId: owner.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: `xml-${Date.now()}`,
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    params['Signature'] = v1Sign(v1StringToSign('GET', params), owner.accessKeySecret);
    const response = await fetch(`${harness.url}/?${new URLSearchParams(params)}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/xml;charset=utf-8');
    const text = await response.text();
    assert.match(
      text,
      /^<\?xml version="1.0" encoding="UTF-8"\?><GetResourceDirectoryResponse><RequestId>[0-9A-F-]{36}<\/RequestId><ResourceDirectory><ResourceDirectoryId>rd-/,
    );
    assert.match(text, /<MasterAccountId>\d{16}<\/MasterAccountId>/);
  });
});
