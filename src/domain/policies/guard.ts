import { ApiError } from '../../errors/api-error.js';
import type { Caller } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import type { DomainStores } from '../store.js';
import { DocumentCache } from './document-cache.js';
import { type Decision, evaluate } from './evaluate.js';
import { memberPath, withPolicies } from './path.js';
import { resolveResource } from './resource-arn.js';
import { controlPoliciesInForce } from './enablement.js';

/** What a signed request asks for, as control policies see it. */
export interface GuardedRequest {
  /** The RAM action of the operation (`resourcemanager:CreateFolder`). */
  readonly action: string;
  /** The ARN patterns the operation documents, with their `{#…}` placeholders. */
  readonly resources: readonly string[];
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly accessKeyId: string;
  /** The client's address and whether it came over TLS (absent for callers without a socket). */
  readonly client?: { readonly ip: string; readonly secure: boolean } | undefined;
}

/**
 * Control-policy enforcement for Canopy's own API. Only RAM users of member accounts are subject
 * (the management account and every account's root identity are not), and only while the
 * directory's Control Policy feature is `Enabled`. Each resource the operation acts on is evaluated
 * along the member's path, Root to account; the first refusal answers `NoPermission` (403) with an
 * AccessDeniedDetail whose diagnostic message names the deciding statements.
 */
export class ControlPolicyGuard {
  private readonly documents = new DocumentCache();

  constructor(private readonly clock: Clock) {}

  async check(tx: DomainStores, caller: Caller, request: GuardedRequest): Promise<void> {
    if (caller.ramUser === null) return;
    const membership = await tx.directories.membership(caller.id);
    if (membership?.role !== 'member') return;
    const directory = await tx.directories.get(membership.directoryId);
    if (!directory || !controlPoliciesInForce(directory, this.clock.now())) return;
    const member = await tx.members.get(caller.id);
    if (!member) return;
    const path = await withPolicies(tx, await memberPath(tx, directory, member), this.documents);
    const context = requestContext(caller, request, this.clock.now());
    for (const pattern of request.resources) {
      const resource = await resolveResource(tx, directory, pattern, request.params);
      const decision = evaluate(path, { action: request.action, resource, context });
      if (decision.decision !== 'Allow') throw denial(caller, request.action, resource, decision);
    }
  }
}

/** The condition keys Canopy knows about a request (docs/control-policies.md lists them). */
function requestContext(caller: Caller, request: GuardedRequest, now: Date): Record<string, string> {
  const context: Record<string, string> = {
    'acs:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'acs:AccessId': request.accessKeyId,
    'acs:MFAPresent': 'false',
    'acs:PrincipalARN': `acs:ram::${caller.id}:user/${caller.ramUser}`,
  };
  if (request.client) {
    // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; policies write a.b.c.d.
    context['acs:SourceIp'] = request.client.ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
    context['acs:SecureTransport'] = String(request.client.secure);
  }
  return context;
}

/**
 * `NoPermission` with the AccessDeniedDetail Alibaba Cloud answers for a RAM refusal. The real
 * service encrypts the diagnostic message for RAM's DecodeDiagnosticMessage; Canopy's is base64 JSON
 * of the same fields, the deciding statements included, so a test can read it.
 */
function denial(caller: Caller, action: string, resource: string, decision: Decision): ApiError {
  const diagnostic = {
    AuthAction: action,
    AuthResource: resource,
    AuthPrincipalType: 'SubUser',
    AuthPrincipalOwnerId: caller.id,
    AuthPrincipalDisplayName: caller.ramUser,
    NoPermissionPolicyType: 'ControlPolicy',
    ExplicitDeny: decision.decision === 'ExplicitDeny',
    MatchedPolicies: decision.decidedBy.map((d) => ({
      PolicyId: d.policyId,
      PolicyName: d.policyName,
      TargetId: d.target.id,
      TargetType: d.target.type,
      StatementIndex: d.statementIndex,
    })),
    ...(decision.deniedAt ? { DeniedAt: { TargetId: decision.deniedAt.id, TargetType: decision.deniedAt.type } } : {}),
  };
  return new ApiError('NoPermission', {
    accessDeniedDetail: {
      PolicyType: 'ControlPolicy',
      AuthPrincipalOwnerId: caller.id,
      AuthPrincipalType: 'SubUser',
      AuthPrincipalDisplayName: caller.ramUser ?? '',
      NoPermissionType: decision.decision,
      AuthAction: action,
      EncodedDiagnosticMessage: Buffer.from(JSON.stringify(diagnostic)).toString('base64'),
    },
  });
}
