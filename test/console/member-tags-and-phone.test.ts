import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiClient, expectApiError } from '../helpers/harness.js';
import { assertClean, chromiumSkip, screenshots } from './browser.js';
import { managedDirectory, openMember, serverAndBrowser } from './fixtures.js';

describe("console: a member's tags and secure phone", { skip: chromiumSkip }, () => {
  const suite = serverAndBrowser();

  test('tags: set, change and remove, a reserved key refused with its Code and hint, each checked with the RPC API', async () => {
    const { harness, browser } = suite;
    const { account, api } = await managedDirectory(harness, 'Tagger');
    const created = (await api.request('CreateResourceAccount', { DisplayName: 'Tag box', AccountNamePrefix: 'tag-box' }))['Account'];
    const tags = async () =>
      (
        (await api.request('ListTagResources', { ResourceType: 'Account', 'ResourceId.1': created.AccountId }))['TagResources'] as {
          TagKey: string;
          TagValue: string;
        }[]
      ).map((t) => [t.TagKey, t.TagValue]);
    const { context, page, seen } = await openMember({ harness, browser }, account, created.AccountId);
    await page.locator('#member-tags').getByText('No tags.').waitFor();

    const setTag = async (key: string, value: string) => {
      await page.locator('#tag-key').fill(key);
      await page.locator('#tag-value').fill(value);
      await page.getByRole('button', { name: 'Set tag' }).click();
    };
    await setTag('team', 'platform');
    await page.getByText('Tag team set.').waitFor();
    await setTag('cost-center', 'cc-1');
    await page.locator('#member-tags li[data-tag="cost-center"]').waitFor();
    assert.deepEqual(await tags(), [
      ['cost-center', 'cc-1'],
      ['team', 'platform'],
    ]);
    // A key it has gets the new value; the details show it.
    await setTag('team', 'infra');
    await page.locator('#member-tags li[data-tag="team"]', { hasText: 'infra' }).waitFor();
    await page.locator('#panel dd', { hasText: 'team=infra' }).waitFor();
    assert.deepEqual(await tags(), [
      ['cost-center', 'cc-1'],
      ['team', 'infra'],
    ]);

    // The API's own validation: a reserved prefix.
    await setTag('aliyun-owner', 'x');
    await page.locator('#member-tags .failure .code', { hasText: 'InvalidParameter.TagKey' }).waitFor();
    await page.getByText(/does not start with aliyun or acs:/).waitFor();
    await screenshots(page, 'member-tags');
    assert.equal((await tags()).length, 2);

    await page.getByRole('button', { name: 'Remove tag cost-center' }).click();
    await page.getByText('Tag cost-center removed.').waitFor();
    assert.deepEqual(await tags(), [['team', 'infra']]);
    // One refused load: the reserved key.
    assertClean(seen, 1);
    await context.close();
  });

  test('phone binding: refused for a root key, then as a RAM user: the code from the inbox, a wrong code refused, bound', async () => {
    const { harness, browser } = suite;
    const { account, api } = await managedDirectory(harness, 'Binder');
    const created = (await api.request('CreateResourceAccount', { DisplayName: 'Phone box', AccountNamePrefix: 'phone-box' }))['Account'];
    const { context, page, seen } = await openMember({ harness, browser }, account, created.AccountId);
    const section = page.locator('#phone-binding');
    await section.getByText('Secure phone: none bound yet.').waitFor();

    // The console signs with the account's root key: the API refuses, the hint says what to do.
    await page.locator('#bind-phone').fill('1-2025550177');
    await page.getByRole('button', { name: 'Send bind code' }).click();
    await section.locator('.failure .code', { hasText: 'CallerIdentityError' }).waitFor();
    await section
      .getByText(/Act as this RAM user/)
      .first()
      .waitFor();

    await page.locator('#ram-user').fill('phone-admin');
    await page.getByRole('button', { name: 'Act as this RAM user' }).click();
    await page.getByText(`Acting as RAM user phone-admin of ${account.accountId}.`).waitFor();
    await section.getByText('Signing as RAM user phone-admin of the management account.').waitFor();
    const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('canopy-console-session') ?? '{}').account.ramUser);
    assert.equal(stored, 'phone-admin');

    await page.locator('#bind-phone').fill('1-2025550177');
    await page.getByRole('button', { name: 'Send bind code' }).click();
    await section.getByText(/Code sent to 1-2025550177; it expires/).waitFor();
    const code = await harness.latestCode('1-2025550177', created.AccountId);
    await section.locator('#bind-inbox-code', { hasText: code }).waitFor();
    await screenshots(page, 'phone-binding');

    // A wrong code: the refusal with its Code and hint; nothing is bound.
    await page.locator('#bind-code').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Bind phone' }).click();
    await section.locator('.failure .code', { hasText: 'Invalid.VerificationCode' }).waitFor();
    await section.getByText(/The code is wrong, already used or expired/).waitFor();
    const phoneOf = async () =>
      (await harness.admin('GET', '/_canopy/accounts')).body.accounts.find((a: { accountId: string }) => a.accountId === created.AccountId)
        .securePhone;
    assert.equal(await phoneOf(), null);

    await section.getByRole('button', { name: 'Use this code' }).click();
    assert.equal(await page.locator('#bind-code').inputValue(), code);
    await page.getByRole('button', { name: 'Bind phone' }).click();
    await page.getByText(`Bound 1-2025550177 to ${created.AccountId}.`).waitFor();
    await page.locator('#member-phone', { hasText: 'Secure phone: 1-2025550177' }).waitFor();
    assert.equal(await phoneOf(), '1-2025550177');
    // The RPC API agrees: a RAM user of the management account is told the member already has a phone.
    const key = (await harness.admin('POST', `/_canopy/accounts/${account.accountId}/access-keys`, { ramUser: 'checker' })).body;
    const ramApi = apiClient(harness, { ...account, ...key }, '2020-03-31');
    await expectApiError(
      () =>
        ramApi.request('SendVerificationCodeForBindSecureMobilePhone', { AccountId: created.AccountId, SecureMobilePhone: '1-2025550178' }),
      409,
      'AccountSecureMobileAlreadyExists',
    );
    // Refused on purpose: the root key's send and the wrong code.
    assertClean(seen, 2);
    await context.close();
  });
});
