import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../errors/api-error.js';
import { parsePolicyDocument } from './document.js';

const statement = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: 'ecs:*', Resource: '*', ...extra });
const doc = (statements: unknown[], top: Record<string, unknown> = {}) => JSON.stringify({ Version: '1', Statement: statements, ...top });

/** Asserts the parse fails with `code`, and, for malformed documents, names `where` and `problem`. */
function refused(text: string, code: string, message?: string, parameter: 'PolicyDocument' | 'NewPolicyDocument' = 'PolicyDocument') {
  assert.throws(
    () => parsePolicyDocument(text, parameter),
    (error: unknown) => {
      if (!(error instanceof ApiError)) return false;
      assert.equal(error.code, code);
      if (message !== undefined) assert.equal(error.message, message);
      return true;
    },
  );
}

const malformed = (where: string, problem: string) => `The policy document is malformed: ${where} ${problem}.`;

test('a document in the documented form parses to statements with lists, whatever single values it used', () => {
  const parsed = parsePolicyDocument(
    doc([
      { Effect: 'Deny', Action: ['ram:UpdateRole', 'ram:DeleteRole'], Resource: 'acs:ram:*:*:role/ResourceDirectoryAccountAccessRole' },
      {
        Effect: 'Allow',
        NotAction: 'ram:*',
        Resource: ['*'],
        Condition: { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] }, Bool: { 'acs:SecureTransport': true } },
      },
    ]),
    'PolicyDocument',
  );
  assert.deepEqual(parsed, {
    version: '1',
    statements: [
      {
        effect: 'Deny',
        action: ['ram:UpdateRole', 'ram:DeleteRole'],
        resource: ['acs:ram:*:*:role/ResourceDirectoryAccountAccessRole'],
        conditions: [],
      },
      {
        effect: 'Allow',
        notAction: ['ram:*'],
        resource: ['*'],
        conditions: [
          { operator: 'IpAddress', key: 'acs:SourceIp', values: ['10.0.0.0/8', '2001:db8::/32'] },
          { operator: 'Bool', key: 'acs:SecureTransport', values: ['true'] },
        ],
      },
    ],
  });
});

test("the API's own sample document (CreateControlPolicy's PolicyDocument) parses", () => {
  const sample = [
    '{"Version":"1","Statement":[{"Effect":"Deny","Action":["ram:UpdateRole","ram:DeleteRole","ram:AttachPolicyToRole",',
    '"ram:DetachPolicyFromRole"],"Resource":"acs:ram:*:*:role/ResourceDirectoryAccountAccessRole"}]}',
  ].join('');
  const actions = ['ram:UpdateRole', 'ram:DeleteRole', 'ram:AttachPolicyToRole', 'ram:DetachPolicyFromRole'];
  assert.deepEqual(parsePolicyDocument(sample, 'PolicyDocument').statements[0]!.action, actions);
});

test('the length limit is 4096 characters: 4096 parses, 4097 is refused with the code of the parameter it came in', () => {
  const base = doc([statement({ Resource: 'acs:oss:*:*:bucket/' })]);
  const pad = (total: number) => base.replace('bucket/', `bucket/${'x'.repeat(total - base.length)}`);
  assert.equal(pad(4096).length, 4096);
  assert.equal(parsePolicyDocument(pad(4096), 'PolicyDocument').statements.length, 1);
  assert.equal(parsePolicyDocument(pad(4096), 'NewPolicyDocument').statements.length, 1);
  refused(
    pad(4097),
    'InvalidParameter.PolicyDocument.Length',
    'The maximum length of the policy document is exceeded. It must not exceed 4096 characters.',
  );
  refused(
    pad(4097),
    'InvalidParameter.NewPolicyDocument.Length',
    'Unable to save your policy. A policy contains a maximum of 4096 characters.',
    'NewPolicyDocument',
  );
});

test('the documented statuses of the length codes: 409 for PolicyDocument, 400 for NewPolicyDocument', () => {
  const long = ' '.repeat(4097);
  assert.throws(
    () => parsePolicyDocument(long, 'PolicyDocument'),
    (e: unknown) => e instanceof ApiError && e.status === 409,
  );
  assert.throws(
    () => parsePolicyDocument(long, 'NewPolicyDocument'),
    (e: unknown) => e instanceof ApiError && e.status === 400,
  );
});

test('text that is not JSON is refused with the position, not the text', () => {
  refused('{"Version": "1", "Statement": [}', 'MalformedPolicyDocument');
  refused('', 'MalformedPolicyDocument', malformed('PolicyDocument', 'is not valid JSON'));
  for (const text of ['{"Version": "1", "secret-text": ', '{"Version": "1", "secret-text" 1}']) {
    assert.throws(
      () => parsePolicyDocument(text, 'PolicyDocument'),
      (e: unknown) => {
        if (!(e instanceof ApiError)) return false;
        assert.equal(e.status, 400);
        assert.match(e.message, /^The policy document is malformed: PolicyDocument is not valid JSON/);
        assert.ok(!e.message.includes('secret-text'), e.message);
        return true;
      },
    );
  }
});

// Each case: the document, where it is wrong and what is wrong there.
const cases: [name: string, text: string, where: string, problem: string][] = [
  ['a JSON value that is not an object', '[1]', 'PolicyDocument', 'must be a JSON object'],
  ['an unknown top-level element', doc([statement()], { Id: 'x' }), 'Id', 'is not a supported element'],
  ['no Version', JSON.stringify({ Statement: [statement()] }), 'Version', 'is required'],
  ['Version other than "1"', doc([statement()], { Version: '2012-10-17' }), 'Version', 'must be "1"'],
  ['Version as a number', doc([statement()], { Version: 1 }), 'Version', 'must be "1"'],
  ['no Statement', JSON.stringify({ Version: '1' }), 'Statement', 'is required'],
  ['Statement as an object', JSON.stringify({ Version: '1', Statement: statement() }), 'Statement', 'must be a list of statements'],
  ['an empty Statement list', doc([]), 'Statement', 'must hold at least one statement'],
  ['a statement that is not an object', doc([statement(), 'x']), 'Statement[1]', 'must be a JSON object'],
  [
    'an unknown statement element (Principal)',
    doc([statement({ Principal: '*' })]),
    'Statement[0].Principal',
    'is not a supported element',
  ],
  [
    'NotResource, which control policies do not have',
    doc([statement({ NotResource: '*' })]),
    'Statement[0].NotResource',
    'is not a supported element',
  ],
  [
    'element names are case-sensitive',
    doc([{ effect: 'Allow', Action: '*', Resource: '*' }]),
    'Statement[0].effect',
    'is not a supported element',
  ],
  ['no Effect', doc([{ Action: '*', Resource: '*' }]), 'Statement[0].Effect', 'is required'],
  ['an Effect other than Allow or Deny', doc([statement({ Effect: 'allow' })]), 'Statement[0].Effect', 'must be "Allow" or "Deny"'],
  ['both Action and NotAction', doc([statement({ NotAction: 'ram:*' })]), 'Statement[0]', 'must hold only one of Action and NotAction'],
  ['neither Action nor NotAction', doc([{ Effect: 'Allow', Resource: '*' }]), 'Statement[0]', 'must hold Action or NotAction'],
  ['an empty Action list', doc([statement({ Action: [] })]), 'Statement[0].Action', 'must not be empty'],
  ['an Action that is not a string', doc([statement({ Action: ['ecs:*', 5] })]), 'Statement[0].Action[1]', 'must be a string'],
  ['an empty Action string', doc([statement({ Action: '' })]), 'Statement[0].Action', 'must not be empty'],
  [
    'an Action without a service',
    doc([statement({ Action: ['ecs:*', 'ecs:a', 'DeleteInstance'] })]),
    'Statement[0].Action[2]',
    'must be "*" or <service>:<action>',
  ],
  [
    'an Action with a space',
    doc([statement({ Action: 'ecs:Delete Instance' })]),
    'Statement[0].Action[0]',
    'must be "*" or <service>:<action>',
  ],
  [
    'a NotAction with two colons',
    doc([{ Effect: 'Deny', NotAction: 'a:b:c', Resource: '*' }]),
    'Statement[0].NotAction[0]',
    'must be "*" or <service>:<action>',
  ],
  ['no Resource', doc([{ Effect: 'Allow', Action: '*' }]), 'Statement[0].Resource', 'is required'],
  ['an empty Resource list', doc([statement({ Resource: [] })]), 'Statement[0].Resource', 'must not be empty'],
  [
    'a Resource that is not an ARN',
    doc([statement(), statement({ Resource: ['*', 'my-bucket'] })]),
    'Statement[1].Resource[1]',
    'must be "*" or an ARN acs:<service>:<region>:<account>:<resource>',
  ],
  [
    'a Condition that is not an object',
    doc([statement({ Condition: [] })]),
    'Statement[0].Condition',
    'must be a JSON object of operators',
  ],
  [
    'an unknown condition operator',
    doc([statement({ Condition: { StringEqualsIfExists: { 'acs:SourceVpc': 'v' } } })]),
    'Statement[0].Condition.StringEqualsIfExists',
    'is not a supported condition operator',
  ],
  [
    'operator names are case-sensitive',
    doc([statement({ Condition: { stringequals: { 'acs:SourceVpc': 'v' } } })]),
    'Statement[0].Condition.stringequals',
    'is not a supported condition operator',
  ],
  [
    'an operator block that is not an object',
    doc([statement({ Condition: { StringEquals: 'x' } })]),
    'Statement[0].Condition.StringEquals',
    'must be a JSON object of condition keys',
  ],
  [
    'a condition key without a namespace',
    doc([statement({ Condition: { StringEquals: { SourceVpc: 'v' } } })]),
    'Statement[0].Condition.StringEquals.SourceVpc',
    'is not a condition key (<namespace>:<name>)',
  ],
  [
    'an empty list of condition values',
    doc([statement({ Condition: { StringEquals: { 'acs:SourceVpc': [] } } })]),
    'Statement[0].Condition.StringEquals.acs:SourceVpc',
    'must not be empty',
  ],
  [
    'a condition value that is an object',
    doc([statement({ Condition: { StringEquals: { 'acs:SourceVpc': ['a', { b: 1 }] } } })]),
    'Statement[0].Condition.StringEquals.acs:SourceVpc[1]',
    'must be a string, number or boolean',
  ],
  [
    'a Numeric value that is not a number',
    doc([statement({ Condition: { NumericLessThan: { 'ecs:Count': ['3', 'ten'] } } })]),
    'Statement[0].Condition.NumericLessThan.ecs:Count[1]',
    'is not a number',
  ],
  [
    'a Date value that is not a date',
    doc([statement({ Condition: { DateLessThan: { 'acs:CurrentTime': 'tomorrow' } } })]),
    'Statement[0].Condition.DateLessThan.acs:CurrentTime[0]',
    'is not an ISO 8601 date and time',
  ],
  [
    'a Date that does not exist',
    doc([statement({ Condition: { DateLessThan: { 'acs:CurrentTime': '2024-02-30T00:00:00Z' } } })]),
    'Statement[0].Condition.DateLessThan.acs:CurrentTime[0]',
    'is not an ISO 8601 date and time',
  ],
  [
    'a Bool value other than true or false',
    doc([statement({ Condition: { Bool: { 'acs:SecureTransport': 'yes' } } })]),
    'Statement[0].Condition.Bool.acs:SecureTransport[0]',
    'is not true or false',
  ],
  [
    'an IpAddress value that is not an address',
    doc([statement({ Condition: { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '10.0.0.300'] } } })]),
    'Statement[0].Condition.IpAddress.acs:SourceIp[1]',
    'is not an IPv4 or IPv6 address or CIDR block',
  ],
  [
    'a CIDR prefix too long for its family',
    doc([statement({ Condition: { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/33' } } })]),
    'Statement[0].Condition.NotIpAddress.acs:SourceIp[0]',
    'is not an IPv4 or IPv6 address or CIDR block',
  ],
];

for (const [name, text, where, problem] of cases) {
  test(`refused: ${name} (MalformedPolicyDocument at ${where})`, () => {
    refused(text, 'MalformedPolicyDocument', malformed(where, problem));
  });
}

test('a long element name taken from the document is cut in the message, after 64 characters', () => {
  for (const [name, shown] of [
    ['K'.repeat(500), `${'K'.repeat(61)}...`],
    ['K'.repeat(65), `${'K'.repeat(61)}...`],
    ['K'.repeat(64), 'K'.repeat(64)],
  ]) {
    assert.throws(
      () => parsePolicyDocument(doc([statement({ [name!]: 1 })]), 'PolicyDocument'),
      (e: unknown) => e instanceof ApiError && e.message === malformed(`Statement[0].${shown}`, 'is not a supported element'),
    );
  }
});

test('accepted: wildcards in actions and resources, every operator family, numbers and booleans as values', () => {
  const parsed = parsePolicyDocument(
    doc([
      statement({ Action: ['*', 'ecs:Describe*', 'ecs:?eleteInstance', 'oss:*'], Resource: ['acs:oss:*:*:my-bucket/dir:1/*'] }),
      statement({
        Condition: {
          StringLike: { 'acs:ResourceTag/team': 'dev-*' },
          NumericGreaterThanEquals: { 'ecs:Count': [1, '2.5'] },
          DateGreaterThan: { 'acs:CurrentTime': ['2024-01-01', '2024-01-01T08:00:00+08:00', '2024-01-01T00:00Z'] },
          IpAddress: { 'acs:SourceIp': ['192.168.0.1', '::1', 'fe80::/10'] },
        },
      }),
    ]),
    'PolicyDocument',
  );
  assert.deepEqual(parsed.statements[1]!.conditions[1], { operator: 'NumericGreaterThanEquals', key: 'ecs:Count', values: ['1', '2.5'] });
  assert.equal(parsed.statements[1]!.conditions.length, 4);
});
