import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { models, sdkClient, startServer, type Harness } from '../helpers/harness.js';

const PHONE = '1-2025550123';

/** Outcomes of settled SDK calls, as HTTP status and Code. */
function tally(results: PromiseSettledResult<unknown>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of results) {
    const key = result.status === 'fulfilled' ? 'OK' : `${(result.reason as any).statusCode} ${(result.reason as any).code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

for (const store of ['memory', 'sqlite'] as const) {
  describe(`concurrency over HTTP (${store} store)`, () => {
    let harness: Harness;
    let dataDir: string;
    before(async () => {
      const { mkdtempSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      dataDir = mkdtempSync(`${tmpdir()}/canopy-concurrency-`);
      harness = await startServer({ CANOPY_STORE: store, CANOPY_DATA_DIR: dataDir });
    });
    after(async () => {
      await harness.close();
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('300 concurrent sends for one account: exactly 100 succeed, 200 hit the daily limit', async () => {
      const caller = await harness.createAccount();
      const client = sdkClient(harness, caller);
      const results = await Promise.allSettled(
        Array.from({ length: 300 }, () =>
          client.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: PHONE })),
        ),
      );
      assert.deepEqual(Object.fromEntries(tally(results)), { OK: 100, '409 SendValidateCodeExceedsLimitForAccount': 200 });
      const inbox = await harness.admin('GET', `/_canopy/messages?accountId=${caller.accountId}&limit=1000`);
      assert.equal(inbox.body.messages.length, 100);
    });

    test('20 concurrent EnableResourceDirectory calls with one code create exactly one directory', async () => {
      const caller = await harness.createAccount();
      const client = sdkClient(harness, caller);
      await client.sendVerificationCodeForEnableRD(new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: PHONE }));
      const code = await harness.latestCode(PHONE, caller.accountId);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          client.enableResourceDirectory(
            new models.EnableResourceDirectoryRequest({
              enableMode: 'NewManagementAccount',
              MAName: `race${i}-${store}@rdadmin.aliyunid.com`,
              MASecureMobilePhone: PHONE,
              verificationCode: code,
            }),
          ),
        ),
      );
      const counts = tally(results);
      assert.equal(counts.get('OK'), 1, JSON.stringify(Object.fromEntries(counts)));
      for (const [key] of counts) {
        if (key !== 'OK') assert.match(key, /^409 (NotSupport\.AccountInAnotherResourceDirectory|Invalid\.VerificationCode)$/);
      }
      const accounts = (await harness.admin('GET', '/_canopy/accounts')).body.accounts;
      const masters = accounts.filter((a: any) => a.accountName.startsWith('race') && a.accountName.includes(`-${store}@`));
      assert.equal(masters.length, 1);
    });
  });
}
