import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicyDocument } from './document.js';
import { FullAliyunAccess, fullAliyunAccess, isSystemPolicyId, systemPolicies } from './system-policies.js';

test('FullAliyunAccess is the documented system policy: its ID, name, type, scope and descriptions', () => {
  assert.equal(FullAliyunAccess, fullAliyunAccess);
  assert.equal(fullAliyunAccess.policyId, 'cp-FullAliyunAccess');
  assert.equal(fullAliyunAccess.policyName, 'FullAliyunAccess');
  assert.equal(fullAliyunAccess.policyType, 'System');
  assert.equal(fullAliyunAccess.effectScope, 'All');
  assert.equal(fullAliyunAccess.descriptions.en, 'System access control policy available for all operations on the cloud');
  assert.equal(fullAliyunAccess.descriptions['zh-CN'], '支持阿里云所有操作的系统管控策略');
  assert.deepEqual(systemPolicies, [fullAliyunAccess]);
  assert.ok(isSystemPolicyId('cp-FullAliyunAccess'));
  assert.ok(!isSystemPolicyId('cp-fullaliyunaccess'));
});

test('its document is an Allow of every action on every resource, and its text parses to it', () => {
  assert.deepEqual(fullAliyunAccess.document, {
    version: '1',
    statements: [{ effect: 'Allow', action: ['*'], resource: ['*'], conditions: [] }],
  });
  assert.deepEqual(parsePolicyDocument(fullAliyunAccess.documentText, 'PolicyDocument'), fullAliyunAccess.document);
  assert.ok(Object.isFrozen(fullAliyunAccess));
});
