import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectApiError, popClient, rdmClient, startServer, type Harness, type TestAccount } from '../helpers/harness.js';

/**
 * Documented refusals that depend on what Canopy does not model (billing, legal entities, trusted
 * services, real-name details): reachable through fault injection, each through a real client with
 * its documented status, Code and a RequestId.
 */
const INJECTED: Record<string, Record<string, number>> = {
  CreateResourceAccount: {
    'NotSupport.Site.Action': 400,
    'Invalid.PayRelation': 409,
    'NotSupport.PayerAccountInAnotherResourceDirectory': 409,
    CreateAccountDisabled: 409,
    BusinessRestricted: 409,
    PaymentAccountEnterpriseVerifyError: 409,
    PaymentAccountFinancialRelationshipVerifyError: 409,
    PaymentAccountEnterpriseTypeError: 409,
    PaymentAccountFinancialRelationshipsChangeFrequencyVerifyError: 409,
    MemberAccountVirtualCloudOperatorVerifyError: 409,
    MemberAccountResellerVerifyError: 409,
    PaymentAccountVirtualCloudOperatorVerifyError: 409,
    PaymentAccountResellerVerifyError: 409,
    InconsistentEnterpriseNameError: 409,
    PaymentAccountEnterpriseInvoiceError: 409,
    UnknownFinancialError: 409,
    PaymentAccountCreditIdentityTypeError: 409,
  },
  InviteAccountToResourceDirectory: { 'InvalidParameter.Note': 400, LegalEntityMismatch: 409 },
  GetHandshake: { MissingAccountRealName: 409, NoRealNameAuthentication: 409 },
  UpdateAccount: { LegalEntityDifferent: 409, PrimaryAkInUse: 409, MissingSecurityInfo: 409, CallerIdentityError: 409 },
  RemoveCloudAccount: { 'Deny.TrustedService': 409 },
  MoveAccount: { AccountTypeOrStatusMismatch: 409 },
  // A rename never changes a folder's depth, so the documented depth refusal can only be injected.
  UpdateFolder: { 'LimitExceeded.Folder.Depth': 409 },
  DeleteAccount: {
    'AccountNotExist.DeleteAccount': 409,
    InvalidControlPolicyEnablementStatus: 409,
    'CallerIdentityError.DeleteAccount': 409,
    RemoveConfilctAccountAsDelegatedAdministator: 409,
    LegalEntityDifferent: 409,
    'NotSupport.HasPayerAccount': 409,
    'UnknownError.Account': 409,
    // DeleteAccount without a completed check runs its own (as Terraform's destroy expects), so this is injected only.
    'NotSupportedOperation.CheckingAccount': 409,
  },
  SendVerificationCodeForBindSecureMobilePhone: {
    'NotSupport.AccountInAnotherResourceDirectory': 409,
    'EntityAlreadyExists.ResourceDirectory': 409,
  },
  BindSecureMobilePhone: {
    'NotSupport.Site.Action': 400,
    'Invalid.EnterpriseName': 409,
    EnterpriseRealNameVerificationError: 409,
    'NotSupport.AccountInAnotherResourceDirectory': 409,
    'EntityAlreadyExists.ResourceDirectory': 409,
  },
};

describe('emulator fault injection', () => {
  let harness: Harness;
  let account: TestAccount;
  before(async () => {
    harness = await startServer();
    account = await harness.createAccount();
  });
  after(() => harness.close());

  const inject = (body: Record<string, unknown>) => harness.admin('POST', '/_canopy/faults', body);

  for (const [action, codes] of Object.entries(INJECTED)) {
    test(`${action}: every documented refusal Canopy does not model can be injected`, async () => {
      const client = popClient(harness, account, 'POST');
      for (const [code, status] of Object.entries(codes)) {
        assert.equal((await inject({ action, code })).status, 201);
        await expectApiError(() => client.request(action, {}), status, code);
      }
    });
  }

  test('2022-04-19 message contacts: the refusals Canopy does not answer by itself can be injected', async () => {
    const client = rdmClient(harness, account);
    for (const [action, code, status] of [
      ['AddMessageContact', 'ConcurrentCallNotSupported', 429],
      ['UpdateMessageContact', 'ConcurrentCallNotSupported', 429],
      ['AssociateMembers', 'ConcurrentCallNotSupported', 429],
      ['DeleteMessageContact', 'ConcurrentCallNotSupported', 429],
      ['DisassociateMembers', 'QuotaExceeded.Members', 400],
    ] as const) {
      assert.equal((await inject({ action, code })).status, 201);
      await expectApiError(() => client.request(action, {}), status, code);
    }
  });

  test('a fault fires the given number of times, for the given account only, with message arguments', async () => {
    const other = await harness.createAccount();
    const mine = popClient(harness, account, 'GET');
    assert.equal(
      (await inject({ action: 'GetResourceDirectory', code: 'ServiceUnavailable', times: 2, accountId: account.accountId })).status,
      201,
    );
    await expectApiError(() => popClient(harness, other, 'GET').request('GetResourceDirectory'), 404, 'ResourceDirectoryNotInUse');
    await expectApiError(() => mine.request('GetResourceDirectory'), 503, 'ServiceUnavailable');
    await expectApiError(() => mine.request('GetResourceDirectory'), 503, 'ServiceUnavailable');
    await expectApiError(() => mine.request('GetResourceDirectory'), 404, 'ResourceDirectoryNotInUse');

    await inject({ action: 'RemoveCloudAccount', code: 'Deny.TrustedService', args: ['Cloud Config'] });
    await assert.rejects(mine.request('RemoveCloudAccount', {}), (error: any) => {
      assert.match(error.data.Message, /^You attempted to remove an account that is used in Cloud Config\./);
      return true;
    });
  });

  test('faults are listed, cleared by DELETE and by reset; bad requests are refused', async () => {
    await inject({ action: 'GetAccount', code: 'LegalEntityDifferent', times: 3 });
    const listed = (await harness.admin('GET', '/_canopy/faults')).body.faults;
    assert.deepEqual(listed, [{ action: 'GetAccount', code: 'LegalEntityDifferent', remaining: 3, accountId: null, args: [] }]);
    assert.equal((await harness.admin('DELETE', '/_canopy/faults')).status, 204);
    assert.deepEqual((await harness.admin('GET', '/_canopy/faults')).body.faults, []);
    await inject({ action: 'GetAccount', code: 'LegalEntityDifferent' });
    await harness.reset();
    assert.deepEqual((await harness.admin('GET', '/_canopy/faults')).body.faults, []);
    for (const bad of [
      { action: 'NoSuchAction', code: 'InternalError' },
      { action: 'GetAccount', code: 'NoSuchCode' },
      { action: 'GetAccount', code: 'InternalError', times: 0 },
    ]) {
      const response = await inject(bad);
      assert.equal(response.status, 400, JSON.stringify(bad));
      assert.equal(response.body.code, 'InvalidRequest');
    }
  });
});

test('production mode has no fault injection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-faults-'));
  const token = 't'.repeat(32);
  const harness = await startServer({
    CANOPY_MODE: 'production',
    CANOPY_ADMIN_TOKEN: token,
    CANOPY_SECRET: 's'.repeat(40),
    CANOPY_STORE: 'sqlite',
    CANOPY_DATA_DIR: dir,
  });
  try {
    assert.equal((await harness.admin('POST', '/_canopy/faults', { action: 'GetAccount', code: 'InternalError' })).status, 403);
    assert.equal((await harness.admin('GET', '/_canopy/faults')).status, 403);
  } finally {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
