import { clauseHolds } from './conditions.js';
import type { PolicyDocument, Statement } from './document.js';
import { wildcardMatch } from './wildcard.js';

export interface EvaluationRequest {
  /** e.g. 'resourcemanager:CreateFolder' or 'ecs:DeleteInstance'. */
  readonly action: string;
  /**
   * An ARN, e.g. 'acs:ecs:cn-hangzhou:123:instance/i-1'. Undefined: any resource, every Resource
   * element matches (the simulator asked without one: a Deny on some resources then shows).
   */
  readonly resource?: string | undefined;
  /** Condition keys, e.g. {'acs:SourceIp': '10.0.0.1'}. */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

export interface AttachedPolicy {
  readonly policyId: string;
  readonly policyName: string;
  readonly document: PolicyDocument;
}

export interface PathTarget {
  readonly id: string;
  readonly type: 'Root' | 'Folder' | 'Account';
  readonly name: string;
}

/** One node of the caller's path, Root first, the account last, with the policies attached to it. */
export interface PathLevel {
  readonly target: PathTarget;
  readonly policies: readonly AttachedPolicy[];
}

export interface DecidingStatement {
  readonly policyId: string;
  readonly policyName: string;
  readonly target: PathTarget;
  readonly statementIndex: number;
}

export interface Decision {
  readonly decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /**
   * ExplicitDeny: every Deny statement that matched at the level that decided; Allow: for each level
   * (Root first), the Allow statements that matched; ImplicitDeny: empty, with `deniedAt` naming the
   * level without a matching Allow.
   */
  readonly decidedBy: readonly DecidingStatement[];
  readonly deniedAt?: PathTarget;
}

/**
 * Evaluates a request against the control policies of its path, as Alibaba documents it: starting at
 * the account and going up to Root, each level first looks for a matching Deny (the request is denied
 * and evaluation ends), then for a matching Allow (the level passes and evaluation goes on to the
 * parent); a level with neither denies the request implicitly and evaluation ends there. The request
 * is allowed only when every level, Root included, passed. Control policies grant nothing: an Allow
 * only lets the request through to the account's RAM policies.
 */
export function evaluate(path: readonly PathLevel[], request: EvaluationRequest): Decision {
  if (path.length === 0) throw new Error('evaluate needs the path from Root to the account');
  const context = lowerCaseKeys(request.context);
  const allowed: DecidingStatement[][] = [];
  for (let i = path.length - 1; i >= 0; i--) {
    const level = path[i]!;
    const denies = matching(level, 'Deny', request, context);
    if (denies.length > 0) return { decision: 'ExplicitDeny', decidedBy: denies };
    const allows = matching(level, 'Allow', request, context);
    if (allows.length === 0) return { decision: 'ImplicitDeny', decidedBy: [], deniedAt: level.target };
    allowed.unshift(allows);
  }
  return { decision: 'Allow', decidedBy: allowed.flat() };
}

function matching(level: PathLevel, effect: Statement['effect'], request: EvaluationRequest, context: Context): DecidingStatement[] {
  const found: DecidingStatement[] = [];
  for (const policy of level.policies) {
    policy.document.statements.forEach((statement, statementIndex) => {
      if (statement.effect === effect && applies(statement, request, context)) {
        found.push({ policyId: policy.policyId, policyName: policy.policyName, target: level.target, statementIndex });
      }
    });
  }
  return found;
}

/** Whether a statement covers the request: its action, its resource, and all of its conditions. */
function applies(statement: Statement, request: EvaluationRequest, context: Context): boolean {
  const actionMatches = (patterns: readonly string[]) => patterns.some((p) => wildcardMatch(p, request.action, true));
  const actionCovered = statement.action !== undefined ? actionMatches(statement.action) : !actionMatches(statement.notAction ?? []);
  if (!actionCovered) return false;
  const { resource } = request;
  if (resource !== undefined && !statement.resource.some((p) => wildcardMatch(p, resource))) return false;
  return statement.conditions.every((c) => clauseHolds(c.operator, c.values, context.get(c.key.toLowerCase())));
}

/** Request condition keys by lower-cased name: keys are looked up case-insensitively (inferred). */
type Context = ReadonlyMap<string, readonly string[]>;

function lowerCaseKeys(context: EvaluationRequest['context']): Context {
  const map = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(context)) {
    const values: readonly string[] = typeof value === 'string' ? [value] : value;
    const k = key.toLowerCase();
    map.set(k, [...(map.get(k) ?? []), ...values]);
  }
  return map;
}
