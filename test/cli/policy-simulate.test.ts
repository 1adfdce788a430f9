import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Harness, type Manager, models, newManager, startServer } from '../helpers/harness.js';
import { canopy, oneLine } from './spawn-cli.js';

describe('canopy policy simulate', () => {
  let harness: Harness;
  let m: Manager;
  let folderId: string;
  let memberId: string;
  let policyId: string;
  let dir: string;
  before(async () => {
    harness = await startServer();
    dir = mkdtempSync(join(tmpdir(), 'canopy-policy-cli-'));
    m = await newManager(harness);
    folderId = (await m.client.createFolder(new models.CreateFolderRequest({ folderName: 'Dev' }))).body!.folder!.folderId!;
    memberId = (
      await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName: 'dev-one', parentFolderId: folderId }))
    ).body!.account!.accountId!;
    await m.client.enableControlPolicy();
    await harness.advanceClock(3600);
    const policyDocument = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'ecs:Delete*', Resource: '*' }] });
    const created = await m.client.createControlPolicy(
      new models.CreateControlPolicyRequest({ policyName: 'KeepInstances', effectScope: 'RAM', policyDocument }),
    );
    policyId = created.body!.controlPolicy!.policyId!;
    await m.client.attachControlPolicy(new models.AttachControlPolicyRequest({ policyId, targetId: folderId }));
  });
  /** `canopy policy simulate` against this server, for the member, then `extra`. */
  const simulate = (...extra: string[]) => canopy(['policy', 'simulate', '--url', harness.url, '--account', memberId, ...extra]);
  after(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('prints one line per action with what decided it, then the path', async () => {
    const result = await simulate('--action', 'ecs:DeleteInstance', '--action', 'ecs:DescribeInstances', '-o', 'table');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(
      lines[0]!,
      new RegExp(`^ecs:DeleteInstance\\s+ExplicitDeny\\s+KeepInstances \\(${policyId}\\) statement 0 on Folder ${folderId}$`),
    );
    assert.match(lines[1]!, /^ecs:DescribeInstances\s+Allow\s+FullAliyunAccess \(cp-FullAliyunAccess\) statement 0 on Root/);
    assert.match(
      result.stdout,
      /path \(enforced\):\n {2}Root r-\w+ \(Root\): FullAliyunAccess\n {2}Folder fd-\w+ \(Dev\): FullAliyunAccess, KeepInstances\n {2}Account \d{16} \(dev-one\): FullAliyunAccess\n$/,
    );
  });

  test('JSON when piped; --with-target and --with-document try a document first; --context passes condition keys', async () => {
    const file = join(dir, 'only-from-office.json');
    writeFileSync(
      file,
      JSON.stringify({
        Version: '1',
        Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } }],
      }),
    );
    const args = ['--action', 'oss:GetObject', '--with-target', memberId, '--with-document', file];
    const outside = await simulate(...args, '--context', 'acs:SourceIp=192.0.2.1');
    assert.equal(outside.code, 0, outside.stderr);
    assert.equal(JSON.parse(outside.stdout).results[0].decision, 'ExplicitDeny');
    const inside = await simulate(...args, '--context', 'acs:SourceIp=10.1.2.3');
    assert.equal(JSON.parse(inside.stdout).results[0].decision, 'Allow');
  });

  test('usage mistakes exit 2; a refusal of the admin API exits 4 with its message on one line', async () => {
    const half = await simulate('--action', 'oss:GetObject', '--with-target', memberId);
    assert.equal(half.code, 2);
    assert.match(oneLine(half.stderr), /--with-target and --with-document go together/);
    const context = await simulate('--action', 'oss:GetObject', '--context', 'novalue');
    assert.equal(context.code, 2);
    assert.match(oneLine(context.stderr), /KEY=VALUE/);
    const manager = await canopy([
      'policy',
      'simulate',
      '--url',
      harness.url,
      '--account',
      m.account.accountId,
      '--action',
      'oss:GetObject',
    ]);
    assert.equal(manager.code, 4);
    assert.match(oneLine(manager.stderr), /management account/);
  });
});
