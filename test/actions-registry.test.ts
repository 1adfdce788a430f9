import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { actions } from '../src/actions/index.js';

/** What Alibaba Cloud documents for each operation's RAM authorization (see `_source` in the fixture). */
const documented: { operations: { action: string; ramAction: string; accessLevel: string; resources: string[] }[] } = JSON.parse(
  readFileSync(new URL('./fixtures/ram-actions.json', import.meta.url), 'utf8'),
);

/** The 2022-04-19 pages leave the region empty where the 2020-03-31 ones write `*`; Canopy writes `*`. */
const regionWildcard = (arn: string) => arn.replace(/^acs:resourcemanager::/, 'acs:resourcemanager:*:');

test('every registered Action declares the RAM action and resources Alibaba Cloud documents for it', () => {
  const byName = new Map(documented.operations.map((o) => [o.action, o]));
  for (const action of actions) {
    const doc = byName.get(action.name);
    assert.ok(doc, `${action.name} is not in test/fixtures/ram-actions.json`);
    assert.equal(action.ram.action, doc.ramAction, action.name);
    assert.deepEqual([...action.ram.resources], doc.resources.map(regionWildcard), action.name);
  }
});

test('each Action is registered once, under its wire name', () => {
  const names = actions.map((a) => a.name);
  assert.equal(new Set(names).size, names.length);
  for (const action of actions) assert.match(action.name, /^[A-Z][A-Za-z]+$/);
});

/**
 * Which Actions change state (and are audited): the documented RAM access level says, for every
 * registered Action (`create`, `update`, `delete`, `write` and the unlisted code sends change state;
 * `get` and `list` read), but for the exceptions below, where Canopy's behaviour is a write.
 */
const WRITES_DESPITE_ACCESS_LEVEL: Record<string, string> = {
  CheckAccountDelete: 'documented as get, but starts a deletion check that GetAccountDeletionCheckResult then reads',
};

test('every registered Action is classified as a change or a read, as its documented access level says', () => {
  const levels = new Map(documented.operations.map((o) => [o.action, o.accessLevel.toLowerCase()]));
  for (const action of actions) {
    const level = levels.get(action.name);
    assert.ok(level, `${action.name} has no documented access level`);
    const expected = action.name in WRITES_DESPITE_ACCESS_LEVEL || !['get', 'list'].includes(level);
    assert.equal(action.mutates, expected, `${action.name} (${level}) ${expected ? 'changes state' : 'only reads'}`);
  }
});

test('the Actions that send a code or a link say what they send; no other Action does', () => {
  const sends = Object.fromEntries(actions.filter((a) => a.sends).map((a) => [a.name, `${a.sends!.channel}/${a.sends!.purpose}`]));
  assert.deepEqual(sends, {
    SendVerificationCodeForEnableRD: 'sms/EnableRD',
    SendVerificationCodeForBindSecureMobilePhone: 'sms/BindSecureMobilePhone',
    ChangeAccountEmail: 'email/ChangeAccountEmail',
    RetryChangeAccountEmail: 'email/ChangeAccountEmail',
    SendEmailVerificationForMessageContact: 'email/MessageContactEmail',
    SendPhoneVerificationForMessageContact: 'sms/MessageContactPhone',
  });
  for (const action of actions) if (action.sends) assert.ok(action.mutates, action.name);
});
