import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicyDocument } from './document.js';
import { type AttachedPolicy, type Decision, type EvaluationRequest, evaluate, type PathLevel, type PathTarget } from './evaluate.js';
import { fullAliyunAccess } from './system-policies.js';

const root: PathTarget = { id: 'r-abc123', type: 'Root', name: 'Root' };
const folder: PathTarget = { id: 'fd-abc1234567', type: 'Folder', name: 'prod' };
const account: PathTarget = { id: '1234567890123456', type: 'Account', name: 'app' };

/** A custom policy named `name` with the given statements (in the document's wire form). */
const policy = (name: string, ...statements: Record<string, unknown>[]): AttachedPolicy => ({
  policyId: `cp-${name}`,
  policyName: name,
  document: parsePolicyDocument(JSON.stringify({ Version: '1', Statement: statements }), 'PolicyDocument'),
});

const allow = (action: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: action, Resource: '*', ...extra });
const deny = (action: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Action: action, Resource: '*', ...extra });
const full = fullAliyunAccess;

type Policies = AttachedPolicy[];

/** Root, folder and account, each with FullAliyunAccess plus the given policies (as when the feature is enabled). */
const path = (rootPolicies: Policies = [], folderPolicies: Policies = [], accountPolicies: Policies = []): PathLevel[] => [
  { target: root, policies: [full, ...rootPolicies] },
  { target: folder, policies: [full, ...folderPolicies] },
  { target: account, policies: [full, ...accountPolicies] },
];
/** The same path with exactly the given policies at each level (FullAliyunAccess detached). */
const bare = (rootPolicies: Policies, folderPolicies: Policies, accountPolicies: Policies): PathLevel[] => [
  { target: root, policies: rootPolicies },
  { target: folder, policies: folderPolicies },
  { target: account, policies: accountPolicies },
];

const instance = 'acs:ecs:cn-hangzhou:1234567890123456:instance/i-1';
const request = (action: string, context: EvaluationRequest['context'] = {}, resource = instance) => ({
  action,
  resource,
  context,
});

const by = (p: AttachedPolicy, target: PathTarget, statementIndex = 0) => ({
  policyId: p.policyId,
  policyName: p.policyName,
  target,
  statementIndex,
});
const allowedByFull = { decision: 'Allow', decidedBy: [by(full, root), by(full, folder), by(full, account)] } as const;
const implicit = (deniedAt: PathTarget): Decision => ({ decision: 'ImplicitDeny', decidedBy: [], deniedAt });

const denyDelete = policy('DenyDelete', deny('ecs:DeleteInstance'));
const twoDenies = policy('TwoDenies', deny('ecs:Delete*'), allow('*'), deny('*'));
const onlyEcs = policy('OnlyEcs', allow('ecs:*'));
const onlyOss = policy('OnlyOss', allow('oss:*'));
const bothClauses = policy(
  'And',
  deny('ecs:*', { Condition: { StringEquals: { 'acs:ResourceTag/team': 'dev' }, Bool: { 'acs:SecureTransport': 'false' } } }),
);

/** A policy whose one statement (a Deny of ecs:* unless `effect` says otherwise) has one condition clause. */
function tagged(operator: string, key: string, values: unknown, effect = deny): AttachedPolicy {
  return policy('Cond', effect('ecs:*', { Condition: { [operator]: { [key]: values } } }));
}

interface Case {
  readonly name: string;
  readonly path: readonly PathLevel[];
  readonly request: EvaluationRequest;
  /** The expected decision, or just its kind. */
  readonly expect: Decision | Decision['decision'];
}

const cases: Case[] = [
  // The shape of evaluation.
  {
    name: 'FullAliyunAccess alone at every level allows, decided by it at each level',
    path: path(),
    request: request('ecs:DeleteInstance'),
    expect: allowedByFull,
  },
  {
    name: 'a level without policies denies implicitly there',
    path: [
      { target: root, policies: [full] },
      { target: folder, policies: [] },
      { target: account, policies: [full] },
    ],
    request: request('ecs:DescribeInstances'),
    expect: implicit(folder),
  },
  {
    name: 'a single-level path with FullAliyunAccess allows',
    path: [{ target: account, policies: [full] }],
    request: request('a:b'),
    expect: { decision: 'Allow', decidedBy: [by(full, account)] },
  },
  {
    name: 'no matching Allow at Root denies even when the lower levels allow',
    path: bare([onlyOss], [full], [full]),
    request: request('ecs:DescribeInstances'),
    expect: implicit(root),
  },
  {
    name: 'no matching Allow at the account denies',
    path: bare([full], [full], [onlyOss]),
    request: request('ecs:DescribeInstances'),
    expect: implicit(account),
  },
  {
    name: 'an Allow must match at every level: the account is checked first and decides',
    path: bare([onlyOss], [onlyOss], [onlyOss]),
    request: request('ecs:DescribeInstances'),
    expect: implicit(account),
  },
  {
    name: 'allowed at every level by different policies: each level reports its own',
    path: bare([full], [onlyEcs], [onlyEcs]),
    request: request('ecs:DescribeInstances'),
    expect: { decision: 'Allow', decidedBy: [by(full, root), by(onlyEcs, folder), by(onlyEcs, account)] },
  },
  {
    name: 'every matching Allow of a level is reported, in attachment order',
    path: bare([full], [full], [full, onlyEcs]),
    request: request('ecs:DescribeInstances'),
    expect: { decision: 'Allow', decidedBy: [by(full, root), by(full, folder), by(full, account), by(onlyEcs, account)] },
  },
  // Explicit deny.
  {
    name: 'an explicit Deny at Root wins over FullAliyunAccess everywhere',
    path: path([denyDelete]),
    request: request('ecs:DeleteInstance'),
    expect: { decision: 'ExplicitDeny', decidedBy: [by(denyDelete, root)] },
  },
  {
    name: 'an explicit Deny on the account wins over the Allow of the same level',
    path: path([], [], [denyDelete]),
    request: request('ecs:DeleteInstance'),
    expect: { decision: 'ExplicitDeny', decidedBy: [by(denyDelete, account)] },
  },
  {
    name: 'a Deny for another action changes nothing',
    path: path([denyDelete]),
    request: request('ecs:DescribeInstances'),
    expect: 'Allow',
  },
  {
    name: 'every Deny that matches at the deciding level is reported',
    path: path([], [twoDenies]),
    request: request('ecs:DeleteInstance'),
    expect: { decision: 'ExplicitDeny', decidedBy: [by(twoDenies, folder, 0), by(twoDenies, folder, 2)] },
  },
  {
    name: 'evaluation stops at the lowest deciding level: the account Deny is reported, not the Root one',
    path: path([denyDelete], [], [denyDelete]),
    request: request('ecs:DeleteInstance'),
    expect: { decision: 'ExplicitDeny', decidedBy: [by(denyDelete, account)] },
  },
  {
    name: 'an implicit deny at the account ends evaluation before a Deny at Root is reached',
    path: bare([full, denyDelete], [full], [onlyOss]),
    request: request('ecs:DeleteInstance'),
    expect: implicit(account),
  },
  // Actions.
  {
    name: 'actions match case-insensitively (lower-case request)',
    path: path([denyDelete]),
    request: request('ecs:deleteinstance'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'actions match case-insensitively (upper-case pattern)',
    path: path([policy('U', deny('ECS:DELETEINSTANCE'))]),
    request: request('ecs:DeleteInstance'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'a wildcard * in the action name',
    path: path([policy('W', deny('ecs:Delete*'))]),
    request: request('ecs:DeleteSnapshot'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'a wildcard * does not cross into another service',
    path: path([policy('W', deny('ecs:*'))]),
    request: request('ecsx:DeleteSnapshot'),
    expect: 'Allow',
  },
  {
    name: 'a wildcard ? matches exactly one character',
    path: path([policy('Q', deny('ecs:?eleteInstance'))]),
    request: request('ecs:DeleteInstance'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'a wildcard ? does not match two characters',
    path: path([policy('Q', deny('ecs:?eleteInstance'))]),
    request: request('ecs:UndeleteInstance'),
    expect: 'Allow',
  },
  {
    name: 'Action "*" matches every action',
    path: path([policy('All', deny('*'))]),
    request: request('resourcemanager:CreateFolder'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'a list of actions matches any of them',
    path: path([policy('L', deny(['oss:PutObject', 'ecs:DeleteInstance']))]),
    request: request('ecs:DeleteInstance'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'NotAction Deny: denies every action but the listed ones',
    path: path([policy('N', { Effect: 'Deny', NotAction: 'ecs:*', Resource: '*' })]),
    request: request('oss:PutObject'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'NotAction Deny: the listed actions are not denied',
    path: path([policy('N', { Effect: 'Deny', NotAction: 'ecs:*', Resource: '*' })]),
    request: request('ecs:DeleteInstance'),
    expect: 'Allow',
  },
  {
    name: 'NotAction Allow: a whitelist that leaves out RAM denies RAM implicitly',
    path: bare([full], [full], [policy('NoRam', { Effect: 'Allow', NotAction: 'ram:*', Resource: '*' })]),
    request: request('ram:CreateUser'),
    expect: implicit(account),
  },
  // Resources.
  {
    name: 'a resource ARN pattern with * matches',
    path: path([policy('R', deny('ecs:*', { Resource: 'acs:ecs:*:*:instance/*' }))]),
    request: request('ecs:DeleteInstance'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'a resource pattern for another resource does not match',
    path: path([policy('R', deny('ecs:*', { Resource: 'acs:ecs:*:*:disk/*' }))]),
    request: request('ecs:DeleteInstance'),
    expect: 'Allow',
  },
  {
    name: 'resources match case-sensitively',
    path: path([policy('R', deny('ecs:*', { Resource: 'acs:ecs:*:*:Instance/*' }))]),
    request: request('ecs:DeleteInstance'),
    expect: 'Allow',
  },
  {
    name: 'a ? in a resource pattern matches one character',
    path: path([policy('R', deny('ecs:*', { Resource: 'acs:ecs:*:*:instance/i-?' }))]),
    request: request('ecs:DeleteInstance'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'no resource in the request (the simulator asked without one): a statement limited to some resources still matches',
    path: path([policy('R', deny('ecs:*', { Resource: 'acs:ecs:*:*:disk/*' }))]),
    request: { action: 'ecs:DeleteDisk', context: {} },
    expect: 'ExplicitDeny',
  },
  // String conditions.
  {
    name: 'StringEquals: equal value matches',
    path: path([tagged('StringEquals', 'acs:ResourceTag/team', 'dev')]),
    request: request('ecs:Stop', { 'acs:ResourceTag/team': 'dev' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'StringEquals is case-sensitive',
    path: path([tagged('StringEquals', 'acs:ResourceTag/team', 'dev')]),
    request: request('ecs:Stop', { 'acs:ResourceTag/team': 'Dev' }),
    expect: 'Allow',
  },
  {
    name: 'StringEqualsIgnoreCase ignores case',
    path: path([tagged('StringEqualsIgnoreCase', 'acs:ResourceTag/team', 'dev')]),
    request: request('ecs:Stop', { 'acs:ResourceTag/team': 'DEV' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'StringNotEquals: a different value matches',
    path: path([tagged('StringNotEquals', 'acs:ResourceTag/team', 'dev')]),
    request: request('ecs:Stop', { 'acs:ResourceTag/team': 'ops' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'StringNotEqualsIgnoreCase: the same value in another case does not match',
    path: path([tagged('StringNotEqualsIgnoreCase', 'acs:ResourceTag/team', 'dev')]),
    request: request('ecs:Stop', { 'acs:ResourceTag/team': 'DEV' }),
    expect: 'Allow',
  },
  {
    name: 'StringLike with * and ?',
    path: path([tagged('StringLike', 'oss:Prefix', 'home/?/*')]),
    request: request('ecs:List', { 'oss:Prefix': 'home/a/docs/x' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'StringLike is case-sensitive',
    path: path([tagged('StringLike', 'oss:Prefix', 'home/*')]),
    request: request('ecs:List', { 'oss:Prefix': 'HOME/a' }),
    expect: 'Allow',
  },
  {
    name: 'StringNotLike: a value outside the pattern matches',
    path: path([tagged('StringNotLike', 'oss:Prefix', 'home/*')]),
    request: request('ecs:List', { 'oss:Prefix': 'tmp/a' }),
    expect: 'ExplicitDeny',
  },
  // Values and clauses.
  {
    name: 'several policy values of one key are OR-ed',
    path: path([tagged('StringEquals', 'acs:ResourceTag/team', ['dev', 'ops'])]),
    request: request('ecs:Stop', { 'acs:ResourceTag/team': 'ops' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'several request values: one matching value is enough',
    path: path([tagged('StringEquals', 'acs:ResourceTag/team', 'ops')]),
    request: request('ecs:Stop', { 'acs:ResourceTag/team': ['dev', 'ops'] }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'clauses are AND-ed: one false clause and the statement does not apply',
    path: path([bothClauses]),
    request: request('ecs:Stop', { 'acs:ResourceTag/team': 'dev', 'acs:SecureTransport': 'true' }),
    expect: 'Allow',
  },
  {
    name: 'clauses are AND-ed: all true and the statement applies',
    path: path([bothClauses]),
    request: request('ecs:Stop', { 'acs:ResourceTag/team': 'dev', 'acs:SecureTransport': 'false' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'a missing key makes a positive clause false',
    path: path([tagged('StringEquals', 'acs:ResourceTag/team', 'dev')]),
    request: request('ecs:Stop'),
    expect: 'Allow',
  },
  {
    name: 'a missing key makes a negated clause true',
    path: path([tagged('StringNotEquals', 'acs:ResourceTag/team', 'dev')]),
    request: request('ecs:Stop'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'a missing key makes NotIpAddress true',
    path: path([tagged('NotIpAddress', 'acs:SourceIp', '10.0.0.0/8')]),
    request: request('ecs:Stop'),
    expect: 'ExplicitDeny',
  },
  {
    name: 'condition keys are looked up case-insensitively',
    path: path([tagged('StringEquals', 'acs:SourceVpc', 'vpc-1')]),
    request: request('ecs:Stop', { 'ACS:SOURCEVPC': 'vpc-1' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'a condition on an Allow: without the key the Allow does not match and the level denies',
    path: bare([full], [full], [tagged('StringEquals', 'acs:ResourceTag/team', 'dev', allow)]),
    request: request('ecs:Stop'),
    expect: implicit(account),
  },
  // Numeric, date, Bool, IP.
  {
    name: 'NumericLessThan true',
    path: path([tagged('NumericLessThan', 'ecs:Count', 5)]),
    request: request('ecs:Run', { 'ecs:Count': '4' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'NumericLessThan false at equality',
    path: path([tagged('NumericLessThan', 'ecs:Count', 5)]),
    request: request('ecs:Run', { 'ecs:Count': '5' }),
    expect: 'Allow',
  },
  {
    name: 'NumericLessThanEquals true at equality',
    path: path([tagged('NumericLessThanEquals', 'ecs:Count', '5')]),
    request: request('ecs:Run', { 'ecs:Count': '5.0' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'NumericGreaterThan compares numbers, not text',
    path: path([tagged('NumericGreaterThan', 'ecs:Count', '9')]),
    request: request('ecs:Run', { 'ecs:Count': '10' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'NumericEquals with a request value that is not a number does not match',
    path: path([tagged('NumericEquals', 'ecs:Count', '1')]),
    request: request('ecs:Run', { 'ecs:Count': 'one' }),
    expect: 'Allow',
  },
  {
    name: 'NumericNotEquals true for another number',
    path: path([tagged('NumericNotEquals', 'ecs:Count', '1')]),
    request: request('ecs:Run', { 'ecs:Count': '2' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'NumericGreaterThanEquals false below',
    path: path([tagged('NumericGreaterThanEquals', 'ecs:Count', '3')]),
    request: request('ecs:Run', { 'ecs:Count': '2' }),
    expect: 'Allow',
  },
  {
    name: 'DateLessThan before the date',
    path: path([tagged('DateLessThan', 'acs:CurrentTime', '2025-01-01T00:00:00Z')]),
    request: request('ecs:Run', { 'acs:CurrentTime': '2024-12-31T23:59:59Z' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'DateGreaterThan compares instants across time zones',
    path: path([tagged('DateGreaterThan', 'acs:CurrentTime', '2025-01-01T08:00:00+08:00')]),
    request: request('ecs:Run', { 'acs:CurrentTime': '2025-01-01T00:00:01Z' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'DateEquals the same instant in two zones',
    path: path([tagged('DateEquals', 'acs:CurrentTime', '2025-01-01T08:00:00+08:00')]),
    request: request('ecs:Run', { 'acs:CurrentTime': '2025-01-01T00:00:00Z' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'DateNotEquals the same instant does not match',
    path: path([tagged('DateNotEquals', 'acs:CurrentTime', '2025-01-01T00:00:00Z')]),
    request: request('ecs:Run', { 'acs:CurrentTime': '2025-01-01T00:00:00.000Z' }),
    expect: 'Allow',
  },
  {
    name: 'DateGreaterThanEquals at the instant',
    path: path([tagged('DateGreaterThanEquals', 'acs:CurrentTime', '2025-01-01')]),
    request: request('ecs:Run', { 'acs:CurrentTime': '2025-01-01T00:00:00Z' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'DateLessThanEquals after the instant does not match',
    path: path([tagged('DateLessThanEquals', 'acs:CurrentTime', '2025-01-01')]),
    request: request('ecs:Run', { 'acs:CurrentTime': '2025-01-01T00:00:01Z' }),
    expect: 'Allow',
  },
  {
    name: 'Bool matches true (a JSON boolean in the policy)',
    path: path([tagged('Bool', 'acs:SecureTransport', false)]),
    request: request('ecs:Run', { 'acs:SecureTransport': 'false' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'Bool does not match the other value',
    path: path([tagged('Bool', 'acs:SecureTransport', 'false')]),
    request: request('ecs:Run', { 'acs:SecureTransport': 'true' }),
    expect: 'Allow',
  },
  {
    name: 'IpAddress: an IPv4 address inside the CIDR block',
    path: path([tagged('IpAddress', 'acs:SourceIp', '10.0.0.0/8')]),
    request: request('ecs:Run', { 'acs:SourceIp': '10.1.2.3' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'IpAddress: an IPv4 address outside the CIDR block',
    path: path([tagged('IpAddress', 'acs:SourceIp', '10.0.0.0/8')]),
    request: request('ecs:Run', { 'acs:SourceIp': '11.0.0.1' }),
    expect: 'Allow',
  },
  {
    name: 'IpAddress: a single address without a prefix',
    path: path([tagged('IpAddress', 'acs:SourceIp', '192.168.1.7')]),
    request: request('ecs:Run', { 'acs:SourceIp': '192.168.1.7' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'IpAddress: an IPv6 address inside the block',
    path: path([tagged('IpAddress', 'acs:SourceIp', '2001:db8::/32')]),
    request: request('ecs:Run', { 'acs:SourceIp': '2001:db8:1::5' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'IpAddress: a single IPv6 address without a prefix (a /128)',
    path: path([tagged('IpAddress', 'acs:SourceIp', '2001:db8::7')]),
    request: request('ecs:Run', { 'acs:SourceIp': '2001:db8::7' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'IpAddress: an IPv6 address does not match an IPv4 block',
    path: path([tagged('IpAddress', 'acs:SourceIp', '0.0.0.0/0')]),
    request: request('ecs:Run', { 'acs:SourceIp': '2001:db8::1' }),
    expect: 'Allow',
  },
  {
    name: 'NotIpAddress: an address outside every block matches',
    path: path([tagged('NotIpAddress', 'acs:SourceIp', ['10.0.0.0/8', '172.16.0.0/12'])]),
    request: request('ecs:Run', { 'acs:SourceIp': '8.8.8.8' }),
    expect: 'ExplicitDeny',
  },
  {
    name: 'NotIpAddress: an address inside one block does not match',
    path: path([tagged('NotIpAddress', 'acs:SourceIp', ['10.0.0.0/8', '172.16.0.0/12'])]),
    request: request('ecs:Run', { 'acs:SourceIp': '172.16.5.4' }),
    expect: 'Allow',
  },
];

for (const c of cases) {
  test(`evaluation: ${c.name}`, () => {
    const decision = evaluate(c.path, c.request);
    if (typeof c.expect === 'string') assert.equal(decision.decision, c.expect, JSON.stringify(decision));
    else assert.deepEqual(decision, c.expect);
  });
}

test('there are at least 40 evaluation cases, each with its own name', () => {
  assert.ok(cases.length >= 40);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});

test('an empty path is a programming error, not a decision', () => {
  assert.throws(() => evaluate([], request('ecs:Run')), /path/);
});
