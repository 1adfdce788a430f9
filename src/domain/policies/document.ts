import { ApiError } from '../../errors/api-error.js';
import { invalidValue, isOperator } from './conditions.js';

/**
 * A control policy document: RAM's policy language as Resource Directory uses it
 * (docs/control-policies.md, "The policy language"). Single values of Action, NotAction, Resource
 * and condition values are kept as one-element lists, so evaluation sees one shape.
 */
export interface PolicyDocument {
  readonly version: string;
  readonly statements: readonly Statement[];
}

export interface Statement {
  readonly effect: 'Allow' | 'Deny';
  /** Exactly one of action / notAction is set. Actions match case-insensitively. */
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  /** ARN patterns, matched case-sensitively. */
  readonly resource: readonly string[];
  /** One per (operator, key); all must hold. */
  readonly conditions: readonly ConditionClause[];
}

export interface ConditionClause {
  readonly operator: string;
  readonly key: string;
  /** OR'ed; numbers and booleans of the JSON document are kept as their JSON text. */
  readonly values: readonly string[];
}

/** The documented maximum length of a control policy document, in characters. */
export const maxDocumentLength = 4096;

const documentKeys = new Set(['Version', 'Statement']);
const statementKeys = new Set(['Effect', 'Action', 'NotAction', 'Resource', 'Condition']);
// `*`, or <ram-code>:<action-name>; both parts may hold the wildcards `*` and `?`.
const ACTION = /^(\*|[A-Za-z0-9_.*?-]+:[A-Za-z0-9_.*?-]+)$/;
// `*`, or an ARN acs:<ram-code>:<region>:<account-id>:<relative-id> (the relative id may hold
// further colons and anything printable but whitespace).
const RESOURCE = /^(\*|acs:[^:\s]*:[^:\s]*:[^:\s]*:\S*)$/;
// A condition key is namespaced: acs:SourceIp, acs:ResourceTag/team, oss:Prefix.
const CONDITION_KEY = /^[A-Za-z0-9_.-]+:\S+$/;

/**
 * Parses and validates a document as Alibaba does; throws ApiError. `parameter` is the wire
 * parameter the document came in, since the length errors differ per parameter. The length is
 * counted in UTF-16 code units, like the gateway's parameter limit (and Java's String.length()).
 */
export function parsePolicyDocument(text: string, parameter: 'PolicyDocument' | 'NewPolicyDocument'): PolicyDocument {
  if (text.length > maxDocumentLength) {
    const code = parameter === 'PolicyDocument' ? 'InvalidParameter.PolicyDocument.Length' : 'InvalidParameter.NewPolicyDocument.Length';
    throw new ApiError(code);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // The parser's own message may quote the input; only the position is passed on.
    const position = /position (\d+)/.exec(String((error as Error).message))?.[1];
    throw malformed('PolicyDocument', position === undefined ? 'is not valid JSON' : `is not valid JSON (at character ${position})`);
  }
  if (!isObject(json)) throw malformed('PolicyDocument', 'must be a JSON object');
  refuseUnknownKeys(json, documentKeys, '');
  if (!Object.hasOwn(json, 'Version')) throw malformed('Version', 'is required');
  if (json.Version !== '1') throw malformed('Version', 'must be "1"');
  if (!Object.hasOwn(json, 'Statement')) throw malformed('Statement', 'is required');
  const statements = json.Statement;
  if (!Array.isArray(statements)) throw malformed('Statement', 'must be a list of statements');
  if (statements.length === 0) throw malformed('Statement', 'must hold at least one statement');
  return { version: '1', statements: statements.map((s, i) => parseStatement(s, `Statement[${i}]`)) };
}

function parseStatement(raw: unknown, at: string): Statement {
  if (!isObject(raw)) throw malformed(at, 'must be a JSON object');
  refuseUnknownKeys(raw, statementKeys, `${at}.`);
  if (!Object.hasOwn(raw, 'Effect')) throw malformed(`${at}.Effect`, 'is required');
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') throw malformed(`${at}.Effect`, 'must be "Allow" or "Deny"');
  const hasAction = Object.hasOwn(raw, 'Action');
  const hasNotAction = Object.hasOwn(raw, 'NotAction');
  if (hasAction && hasNotAction) throw malformed(at, 'must hold only one of Action and NotAction');
  if (!hasAction && !hasNotAction) throw malformed(at, 'must hold Action or NotAction');
  const actionKey = hasAction ? 'Action' : 'NotAction';
  const actions = stringList(raw[actionKey], `${at}.${actionKey}`);
  actions.forEach((a, i) => {
    if (!ACTION.test(a)) throw malformed(`${at}.${actionKey}[${i}]`, 'must be "*" or <service>:<action>');
  });
  if (!Object.hasOwn(raw, 'Resource')) throw malformed(`${at}.Resource`, 'is required');
  const resources = stringList(raw.Resource, `${at}.Resource`);
  resources.forEach((r, i) => {
    if (!RESOURCE.test(r)) throw malformed(`${at}.Resource[${i}]`, 'must be "*" or an ARN acs:<service>:<region>:<account>:<resource>');
  });
  const conditions = Object.hasOwn(raw, 'Condition') ? parseConditions(raw.Condition, `${at}.Condition`) : [];
  return {
    effect: raw.Effect,
    ...(hasAction ? { action: actions } : { notAction: actions }),
    resource: resources,
    conditions,
  };
}

function parseConditions(raw: unknown, at: string): ConditionClause[] {
  if (!isObject(raw)) throw malformed(at, 'must be a JSON object of operators');
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    const opAt = `${at}.${bounded(operator)}`;
    if (!isOperator(operator)) throw malformed(opAt, 'is not a supported condition operator');
    if (!isObject(block)) throw malformed(opAt, 'must be a JSON object of condition keys');
    for (const [key, rawValues] of Object.entries(block)) {
      const keyAt = `${opAt}.${bounded(key)}`;
      if (!CONDITION_KEY.test(key)) throw malformed(keyAt, 'is not a condition key (<namespace>:<name>)');
      const values = conditionValues(rawValues, keyAt);
      values.forEach((v, i) => {
        const problem = invalidValue(operator, v);
        if (problem !== undefined) throw malformed(`${keyAt}[${i}]`, problem);
      });
      clauses.push({ operator, key, values });
    }
  }
  return clauses;
}

/** A string or a non-empty list of non-empty strings (RAM: `"Action": "a"` or `["a", "b"]`). */
function stringList(raw: unknown, at: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw malformed(at, 'must not be empty');
  return list.map((v, i) => {
    const where = Array.isArray(raw) ? `${at}[${i}]` : at;
    if (typeof v !== 'string') throw malformed(where, 'must be a string');
    if (v.length === 0) throw malformed(where, 'must not be empty');
    return v;
  });
}

/** Condition values: a string, number or boolean, or a non-empty list of them. */
function conditionValues(raw: unknown, at: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw malformed(at, 'must not be empty');
  return list.map((v, i) => {
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return String(v);
    throw malformed(Array.isArray(raw) ? `${at}[${i}]` : at, 'must be a string, number or boolean');
  });
}

function refuseUnknownKeys(raw: Record<string, unknown>, known: ReadonlySet<string>, prefix: string): void {
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw malformed(`${prefix}${bounded(key)}`, 'is not a supported element');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names taken from the document are echoed in messages; long ones are cut so a message stays short. */
function bounded(name: string): string {
  return name.length <= 64 ? name : `${name.slice(0, 61)}...`;
}

function malformed(at: string, problem: string): ApiError {
  return new ApiError('MalformedPolicyDocument', { args: [at, problem] });
}
